/**
 * "Did you mean …?" for every kind of name: one edit-distance search, capped so a wild guess is
 * never offered, and normalised so `sys_admin` finds `CAP_SYS_ADMIN`. Bounded work: a name longer
 * than any known one is not searched, the distance gives up past the cap, candidate lists are
 * normalised once, and a name already searched in a list is answered from memory.
 */
import { MAX_SUGGEST_INPUT } from '../limits.js';

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). With `limit`, any
 * distance above it is reported as `limit + 1` as soon as it is certain (two rows of work a step).
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > limit) return limit + 1;
  let prev2 = new Int32Array(n + 1);
  let prev = Int32Array.from({ length: n + 1 }, (_, j) => j);
  let row = new Int32Array(n + 1);
  for (let i = 1; i <= m; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Every later row is at least this row's minimum less one (a transposition reaches back two rows).
    if (rowMin - 1 > limit) return limit + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return Math.min(prev[n]!, limit + 1);
}

const normalise = (s: string): string => s.toLowerCase().replace(/^cap_/, '').replace(/^@/, '').replace(/-/g, '_');

interface Prepared {
  readonly raw: readonly string[];
  readonly norm: readonly string[];
  readonly answers: Map<string, string | undefined>;
}

/** Candidate lists seen before (the tables of syscalls, capabilities, constants…), normalised once. */
const prepared = new WeakMap<object, Prepared>();
/** Names remembered per list; past it the memory starts again (a bound, not a cache policy). */
const MAX_ANSWERS = 4096;

function prepare(candidates: Iterable<string>): Prepared {
  const reusable = typeof candidates === 'object' && candidates !== null;
  const known = reusable ? prepared.get(candidates) : undefined;
  if (known) return known;
  const raw = [...candidates];
  const p: Prepared = { raw, norm: raw.map(normalise), answers: new Map() };
  // A generator can be read only once and a Map's keys change: remember only arrays and sets.
  if (Array.isArray(candidates) || candidates instanceof Set) prepared.set(candidates, p);
  return p;
}

/**
 * The closest candidate to `input`, or undefined when none is close enough: at most a third of the
 * input's length in edits (at least 1, at most 3), ties broken by candidate order.
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  // A name this long is no typo of any known name; and the distance costs its length squared.
  if (input.length > MAX_SUGGEST_INPUT) return undefined;
  const p = prepare(candidates);
  if (p.answers.has(input)) return p.answers.get(input);
  const want = normalise(input);
  const cap = Math.min(3, Math.max(1, Math.floor(want.length / 3)));
  let best: string | undefined;
  let bestD = cap + 1;
  for (let i = 0; i < p.raw.length; i++) {
    const d = editDistance(want, p.norm[i]!, bestD - 1 < cap ? bestD - 1 : cap);
    if (d < bestD) {
      bestD = d;
      best = p.raw[i];
    }
  }
  if (p.answers.size >= MAX_ANSWERS) p.answers.clear();
  p.answers.set(input, best);
  return best;
}
