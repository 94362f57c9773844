/**
 * "Did you mean …?" for every kind of name: one edit-distance search, capped so a wild guess is
 * never offered, and normalised so `sys_admin` finds `CAP_SYS_ADMIN`.
 */
import { MAX_SUGGEST_INPUT } from '../limits.js';

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

const normalise = (s: string): string => s.toLowerCase().replace(/^cap_/, '').replace(/^@/, '').replace(/-/g, '_');

/**
 * The closest candidate to `input`, or undefined when none is close enough: at most a third of the
 * input's length in edits (at least 1, at most 3), ties broken by candidate order.
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  // A name this long is no typo of any known name; and the distance costs its length squared.
  if (input.length > MAX_SUGGEST_INPUT) return undefined;
  const want = normalise(input);
  const cap = Math.min(3, Math.max(1, Math.floor(want.length / 3)));
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const other = normalise(c);
    if (Math.abs(other.length - want.length) > cap) continue; // the distance is at least the difference in length
    const d = editDistance(want, other);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= cap ? best : undefined;
}
