// "Did you mean": the bounded distance agrees with the full one, and answers stay those of a plain
// search while the work per name is bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/compiler/diagnostics/suggest.js';

/** The textbook optimal-string-alignment distance, as the reference. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), maxLength: 12 });

describe('suggest', () => {
  it('computes the optimal-string-alignment distance', () => {
    expect(editDistance('ptrace', 'ptrcae')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    fc.assert(fc.property(word, word, (a, b) => editDistance(a, b) === reference(a, b)), { numRuns: 2000 });
  });

  it('gives up past a limit with limit + 1, and is exact up to it', () => {
    fc.assert(fc.property(word, word, fc.nat({ max: 5 }), (a, b, limit) => editDistance(a, b, limit) === Math.min(reference(a, b), limit + 1)), { numRuns: 2000 });
  });

  it('answers as a plain search does: the first closest candidate within the cap', () => {
    const plain = (input: string, cs: readonly string[]): string | undefined => {
      const n = (s: string): string => s.toLowerCase().replace(/^cap_/, '').replace(/^@/, '').replace(/-/g, '_');
      const cap = Math.min(3, Math.max(1, Math.floor(n(input).length / 3)));
      let best: string | undefined;
      let bestD = Infinity;
      for (const c of cs) {
        const d = reference(n(input), n(c));
        if (d < bestD) [best, bestD] = [c, d];
      }
      return bestD <= cap ? best : undefined;
    };
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 20 }), (input, cs) => suggest(input, cs) === plain(input, cs) && suggest(input, cs) === plain(input, cs)),
      { numRuns: 2000 },
    );
    expect(suggest('sys_admin', ['CAP_CHOWN', 'CAP_SYS_ADMIN'])).toBe('CAP_SYS_ADMIN');
    expect(suggest('x'.repeat(65), ['x'.repeat(65)])).toBeUndefined();
  });
});
