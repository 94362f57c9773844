/**
 * The lowering of argument conditions, as a property: for random comparisons on 16-, 32- and 64-bit
 * arguments and random 64-bit register values (high bits included), the emitted comparisons accept
 * exactly the values whose bits the kernel reads satisfy the condition; so do their complements,
 * conjunctions and disjunctions. The evaluator (`holds`) is seccomp's own semantics of each
 * SCMP_CMP_* operator on the whole 64-bit register.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALWAYS,
  Inexpressible,
  NEVER,
  and,
  allOf,
  comparisonDnf,
  comparisonHolds,
  matches,
  negate,
  notAllOf,
  or,
  type ArgBits,
  type Comparison,
} from '../../src/compiler/seccomp-conditions.js';

const M32 = 0xffffffffn;

/** A value near the interesting edges of a width, or anywhere in it. */
const valueOf = (bits: ArgBits): fc.Arbitrary<number> => {
  const max = bits === 64 ? Number.MAX_SAFE_INTEGER : 2 ** bits - 1;
  return fc.oneof(fc.constantFrom(0, 1, 2, max, max - 1, Math.floor(max / 2), 0x5412, 17 & max), fc.integer({ min: 0, max }), fc.integer({ min: 0, max: Math.min(max, 64) }));
};

/** A single-bit or byte mask, or any mask, within the width. */
const maskOf = (bits: ArgBits): fc.Arbitrary<number> => {
  const max = bits === 64 ? Number.MAX_SAFE_INTEGER : 2 ** bits - 1;
  return fc.oneof(fc.integer({ min: 0, max: Math.min(bits, 53) - 1 }).map((b) => 2 ** b), fc.constantFrom(0xf & max, 0xff & max, 0x7e020000 & max, max), fc.integer({ min: 0, max }));
};

const comparison = (bits: ArgBits, index = 1): fc.Arbitrary<Comparison> =>
  fc.oneof(
    fc.record({ op: fc.constantFrom('EQ' as const, 'NE' as const, 'LT' as const, 'LE' as const, 'GT' as const, 'GE' as const), v: valueOf(bits) }).map(({ op, v }) => ({ index, op, values: [v], mask: null, bits })),
    fc.record({ op: fc.constantFrom('IN' as const, 'NOT_IN' as const), vs: fc.array(valueOf(bits), { minLength: 1, maxLength: bits === 64 ? 1 : 5 }) }).map(({ op, vs }) => ({ index, op, values: vs, mask: null, bits })),
    fc
      .record({ op: fc.constantFrom('MASKED_EQ' as const, 'MASKED_NE' as const), m: maskOf(bits), v: valueOf(bits) })
      // The value within the mask, as a policy writes it (the checks refuse bits outside it for ==).
      .map(({ op, m, v }) => ({ index, op, values: [Number(BigInt(v) & BigInt(m))], mask: m, bits })),
  );

/** 64-bit register values: small, near the width's edge, and with high bits set over a low value. */
const register = (near: readonly number[]): fc.Arbitrary<bigint> =>
  fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    fc.constantFrom(...near.map(BigInt)),
    fc.tuple(fc.constantFrom(...near.map(BigInt)), fc.bigInt({ min: 1n, max: 2n ** 32n - 1n })).map(([v, hi]) => (hi << 32n) | (v & M32)),
    fc.tuple(fc.constantFrom(...near.map(BigInt)), fc.constantFrom(-1n, 1n)).map(([v, d]) => (v + d) & (2n ** 64n - 1n)),
  );

const at = (index: number, x: bigint): bigint[] => Array.from({ length: 6 }, (_, i) => (i === index ? x : 0n));

describe('argument conditions lower soundly', () => {
  for (const bits of [16, 32, 64] as const)
    it(`a comparison on a ${bits}-bit argument accepts exactly the values whose low ${bits} bits satisfy it, and its negation the others`, () => {
      fc.assert(
        fc.property(
          comparison(bits).chain((c) => fc.tuple(fc.constant(c), register([...c.values, ...(c.mask !== null ? [c.mask] : [])]))),
          ([c, x]) => {
            const want = comparisonHolds(c, x);
            expect(matches(comparisonDnf(c), at(c.index, x))).toBe(want);
            expect(matches(comparisonDnf(negate(c)), at(c.index, x))).toBe(!want);
          },
        ),
        { numRuns: 3000 },
      );
    });

  it('`!= TIOCSTI` on ioctl refuses (1 << 32) | TIOCSTI, the bypass of a full 64-bit comparison', () => {
    const c: Comparison = { index: 1, op: 'NE', values: [0x5412], mask: null, bits: 32 };
    const dnf = comparisonDnf(c);
    expect(matches(dnf, at(1, (1n << 32n) | 0x5412n))).toBe(false);
    expect(matches(dnf, at(1, 0x5412n))).toBe(false);
    expect(matches(dnf, at(1, 0x5401n))).toBe(true);
    // One rule per bit, each a single-bit masked equality.
    expect(dnf).toHaveLength(32);
    expect(dnf.every((alt) => alt.length === 1 && alt[0]!.op === 'MASKED_EQ')).toBe(true);
  });

  it('a range on a 32-bit argument takes at most 32 prefix rules per bound', () => {
    fc.assert(
      fc.property(valueOf(32), fc.constantFrom('LT' as const, 'LE' as const, 'GT' as const, 'GE' as const), (v, op) => {
        expect(comparisonDnf({ index: 0, op, values: [v], mask: null, bits: 32 }).length).toBeLessThanOrEqual(32);
      }),
    );
  });

  it('conjunctions, complements of conjunctions and disjunctions keep their meaning (two arguments, one shared)', () => {
    fc.assert(
      fc.property(
        fc.tuple(comparison(32, 0), comparison(32, 1), comparison(32, 1)),
        fc.tuple(register([0, 1, 2, 17, 0x5412]), register([0, 1, 2, 17, 0x5412])),
        ([a, b, c], [x0, x1]) => {
          const args = [x0, x1, 0n, 0n, 0n, 0n];
          const h = (k: Comparison): boolean => comparisonHolds(k, args[k.index]!);
          let both;
          try {
            both = allOf([a, b]);
          } catch (e) {
            if (e instanceof Inexpressible) return;
            throw e;
          }
          expect(matches(both, args)).toBe(h(a) && h(b));
          try {
            expect(matches(notAllOf([a, b]), args)).toBe(!(h(a) && h(b)));
            // "allowed by a, except where b and c both hold": the lowering of a carve-out.
            expect(matches(and(comparisonDnf(a), notAllOf([b, c])), args)).toBe(h(a) && !(h(b) && h(c)));
            expect(matches(or(comparisonDnf(a), comparisonDnf(c)), args)).toBe(h(a) || h(c));
          } catch (e) {
            if (!(e instanceof Inexpressible)) throw e;
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('two masked equalities of one argument AND into one, or into nothing when they disagree', () => {
    const type = comparisonDnf({ index: 1, op: 'MASKED_EQ', values: [1], mask: 0xf, bits: 32 });
    const cloexec = comparisonDnf({ index: 1, op: 'MASKED_EQ', values: [0x80000], mask: 0x80000, bits: 32 });
    expect(and(type, cloexec)).toEqual([[{ index: 1, op: 'MASKED_EQ', value: 0x8000f, valueTwo: 0x80001 }]]);
    const dgram = comparisonDnf({ index: 1, op: 'MASKED_EQ', values: [2], mask: 0xf, bits: 32 });
    expect(and(type, dgram)).toEqual(NEVER);
  });

  it('refuses, with the reason, what one 64-bit comparison cannot say', () => {
    const range = (): unknown => allOf([{ index: 2, op: 'GT', values: [5], mask: null, bits: 64 }, { index: 2, op: 'LT', values: [10], mask: null, bits: 64 }]);
    expect(range).toThrow(Inexpressible);
    expect(range).toThrow(/64-bit argument/);
    expect(() => comparisonDnf({ index: 2, op: 'NOT_IN', values: [1, 2], mask: null, bits: 64 })).toThrow(/several values/);
  });

  it('keeps full comparisons on 64-bit arguments', () => {
    expect(comparisonDnf({ index: 2, op: 'NE', values: [7], mask: null, bits: 64 })).toEqual([[{ index: 2, op: 'NE', value: 7, valueTwo: 0 }]]);
    expect(comparisonDnf({ index: 2, op: 'GE', values: [0], mask: null, bits: 64 })).toEqual(ALWAYS);
  });
});
