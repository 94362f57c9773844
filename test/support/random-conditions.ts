/**
 * Random argument conditions as a policy writes them, with their meaning on the bits the kernel
 * reads, and register values that probe them (the edges, and the same low bits under high bits).
 * Shared by the property test over emitted profiles and its sample in a real kernel filter.
 */
import fc from 'fast-check';

/** One condition on a 32-bit argument: its text after `argN` and whether a low-32-bit value satisfies it. */
export interface RandomCondition {
  readonly text: string;
  readonly holds: (low: bigint) => boolean;
  /** Values worth probing: the constants it names, and their neighbours. */
  readonly near: readonly bigint[];
}

const M32 = 0xffffffffn;
const hex = (n: bigint): string => `0x${n.toString(16)}`;

const u32 = fc.oneof(fc.constantFrom(0n, 1n, 2n, 0x5412n, 0x7fffffffn, 0x80000000n, M32 - 1n, M32), fc.bigInt({ min: 0n, max: M32 }), fc.bigInt({ min: 0n, max: 64n }));
const mask = fc.oneof(fc.integer({ min: 0, max: 31 }).map((b) => 1n << BigInt(b)), fc.constantFrom(0xfn, 0xffn, 0x7e020000n, M32), fc.bigInt({ min: 1n, max: M32 }));

const OPS = {
  '==': (x: bigint, v: bigint) => x === v,
  '!=': (x: bigint, v: bigint) => x !== v,
  '<': (x: bigint, v: bigint) => x < v,
  '<=': (x: bigint, v: bigint) => x <= v,
  '>': (x: bigint, v: bigint) => x > v,
  '>=': (x: bigint, v: bigint) => x >= v,
} as const;

/** A random condition on a 32-bit argument, written after `arg${index}`. */
export const randomCondition = (index: number): fc.Arbitrary<RandomCondition> =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...(Object.keys(OPS) as (keyof typeof OPS)[])), u32).map(([op, v]): RandomCondition => ({ text: `arg${index} ${op} ${hex(v)}`, holds: (x) => OPS[op](x, v), near: [v] })),
    fc.uniqueArray(u32, { minLength: 1, maxLength: 4 }).map((vs): RandomCondition => ({ text: `arg${index} in [${vs.map(hex).join(', ')}]`, holds: (x) => vs.includes(x), near: vs })),
    fc.tuple(mask, u32, fc.boolean()).map(([m, v, eq]): RandomCondition => {
      const want = v & m;
      return { text: `arg${index} & ${hex(m)} ${eq ? '==' : '!='} ${hex(want)}`, holds: (x) => ((x & m) === want) === eq, near: [want, m, want ^ m] };
    }),
  );

/** Register values for a condition: its constants and neighbours, the same under high bits, and anything. */
export function probeValues(c: RandomCondition, extra: readonly bigint[], seed: number, count: number): bigint[] {
  const out = new Set<bigint>();
  for (const v of [...c.near, ...extra]) {
    for (const d of [-1n, 0n, 1n]) {
      const low = (v + d) & M32;
      out.add(low);
      out.add((1n << 32n) | low);
      out.add((0xffffffffn << 32n) | low);
    }
  }
  for (const x of fc.sample(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { seed, numRuns: count })) out.add(x);
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The bits of `x` the kernel reads of a 32-bit argument. */
export const low32 = (x: bigint): bigint => x & M32;
