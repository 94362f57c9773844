/**
 * Argument conditions as sets of values, and their sound lowering to what seccomp can test.
 *
 * seccomp compares the whole 64-bit register of an argument, but the kernel reads an argument
 * declared `int` or `unsigned int` only in its low 32 bits (the SYSCALL_DEFINEx wrappers cast the
 * register to the declared type; `umode_t` is 16 bits). A full comparison on such an argument is
 * unsound: `ioctl(fd, (1 << 32) | TIOCSTI, …)` passes `SCMP_CMP_NE 21522` and the kernel runs
 * TIOCSTI. So every comparison on a narrower argument is written with masked equality over its low
 * bits only, which no high bit can change:
 *
 * - `== V` is one rule `arg & 0xffffffff == V`;
 * - `!= V` is 32 rules, one per bit: "bit i differs from V's" (`arg & 2^i == ~V & 2^i`);
 * - `< V` is one rule per set bit i of V: the values that agree with V above bit i and have bit i
 *   clear (a prefix block); `> V` likewise per clear bit; `<=`, `>=` and ranges reduce to these;
 * - a set's complement (`not in`) is the blocks that tile the gaps between its values.
 *
 * Rules of one syscall OR in seccomp, the comparisons of one rule AND, and a rule compares each
 * argument at most once (runc splits a rule that compares one twice into rules that OR). A
 * condition is therefore kept as a disjunction of alternatives (`Dnf`), each at most one comparison
 * per argument; two masked equalities of one argument AND into one (`x & M1 == V1` and `x & M2 ==
 * V2` is `x & (M1|M2) == V1|V2`, or nothing when they disagree on common bits). 64-bit arguments
 * keep full comparisons; the few combinations of those that one rule cannot test are refused with
 * the reason, never approximated.
 *
 * Pure, shared by the checks (which report what cannot be expressed) and the lowering.
 */
import type { SeccompArg } from './ir.js';

/** How many bits of an argument the kernel reads. */
export type ArgBits = 8 | 16 | 32 | 64;

/** One comparison of one argument, constants resolved, as the policy means it. */
export interface Comparison {
  readonly index: number;
  readonly op: 'EQ' | 'NE' | 'LT' | 'LE' | 'GT' | 'GE' | 'IN' | 'NOT_IN' | 'MASKED_EQ' | 'MASKED_NE';
  /** One value, or several for IN and NOT_IN. Non-negative, below 2^bits. */
  readonly values: readonly number[];
  /** The mask of MASKED_EQ and MASKED_NE; null otherwise. */
  readonly mask: number | null;
  readonly bits: ArgBits;
}

/** One rule's comparisons (ANDed): sorted by index, at most one per index. */
export type Alternative = readonly SeccompArg[];
/** Alternatives that OR. `[]` matches nothing; `[[]]` matches every call. */
export type Dnf = readonly Alternative[];

export const NEVER: Dnf = Object.freeze([]) as Dnf;
export const ALWAYS: Dnf = Object.freeze([Object.freeze([]) as Alternative]) as Dnf;

/** The most alternatives one syscall's conditions may lower to: each is a rule in the filter. */
export const MAX_ALTERNATIVES = 256;

/** A condition seccomp cannot test in one filter, and why (for the checks' diagnostic). */
export class Inexpressible extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const big = (n: number): bigint => BigInt(n);
const num = (n: bigint): number => {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Inexpressible(`the value 0x${n.toString(16)} is larger than secpol can write exactly (2^53)`);
  return Number(n);
};
const bit = (i: number): bigint => 1n << BigInt(i);
const ones = (bits: number): bigint => (1n << BigInt(bits)) - 1n;

/** `arg & mask == value` (masks and values as the IR keeps them). */
function masked(index: number, mask: bigint, value: bigint): SeccompArg {
  return { index, op: 'MASKED_EQ', value: num(mask), valueTwo: num(value) };
}

/** The comparison that holds exactly where `c` does not. */
export function negate(c: Comparison): Comparison {
  const flip = { EQ: 'NE', NE: 'EQ', LT: 'GE', GE: 'LT', LE: 'GT', GT: 'LE', IN: 'NOT_IN', NOT_IN: 'IN', MASKED_EQ: 'MASKED_NE', MASKED_NE: 'MASKED_EQ' } as const;
  return { ...c, op: flip[c.op] };
}

/** The prefix blocks (masked equalities over `bits` bits) that exactly cover [lo, hi]. */
function blocks(index: number, lo: bigint, hi: bigint, bits: number): Alternative[] {
  const out: Alternative[] = [];
  const full = ones(bits);
  while (lo <= hi) {
    // The largest aligned block that starts at lo and ends by hi.
    let size = 0;
    while (size < bits && (lo & bit(size)) === 0n && lo + bit(size + 1) - 1n <= hi) size++;
    out.push(size === bits ? [] : [masked(index, full & ~(bit(size) - 1n), lo)]);
    lo += bit(size);
  }
  return out;
}

/** Alternatives, one comparison each, of a comparison on an argument narrower than the register. */
function narrow(c: Comparison): Dnf {
  const full = ones(c.bits);
  const i = c.index;
  const vs = c.values.map(big);
  for (const v of vs) if (v < 0n || v > full) throw new Error(`value ${v} does not fit ${c.bits} bits (the checks should have refused it)`);
  const v = vs[0]!;
  const perBit = (want: (b: number) => boolean): Alternative[] => {
    const out: Alternative[] = [];
    for (let b = 0; b < c.bits; b++) if (want(b)) out.push([masked(i, bit(b), (v & bit(b)) === 0n ? bit(b) : 0n)]);
    return out;
  };
  switch (c.op) {
    case 'EQ':
      return [[masked(i, full, v)]];
    case 'NE':
      return perBit(() => true);
    case 'LT':
      return v === 0n ? NEVER : blocks(i, 0n, v - 1n, c.bits);
    case 'LE':
      return blocks(i, 0n, v, c.bits);
    case 'GT':
      return v === full ? NEVER : blocks(i, v + 1n, full, c.bits);
    case 'GE':
      return blocks(i, v, full, c.bits);
    case 'IN':
      return unique([...new Set(vs)].map((x) => [masked(i, full, x)]));
    case 'NOT_IN': {
      const sorted = [...new Set(vs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const out: Alternative[] = [];
      let lo = 0n;
      for (const x of sorted) {
        if (x > lo) out.push(...blocks(i, lo, x - 1n, c.bits));
        lo = x + 1n;
      }
      if (lo <= full) out.push(...blocks(i, lo, full, c.bits));
      return out;
    }
    case 'MASKED_EQ': {
      const m = big(c.mask!) & full;
      if ((v & ~m) !== 0n) return NEVER;
      return m === 0n ? ALWAYS : [[masked(i, m, v)]];
    }
    case 'MASKED_NE': {
      const m = big(c.mask!) & full;
      if ((v & ~m) !== 0n) return ALWAYS;
      return perBit((b) => (m & bit(b)) !== 0n);
    }
  }
}

/** Alternatives of a comparison on a full 64-bit argument: seccomp's own comparisons. */
function wide(c: Comparison): Dnf {
  const i = c.index;
  const v = c.values[0]!;
  const one = (op: SeccompArg['op'], value: number): Alternative[] => [[{ index: i, op, value, valueTwo: 0 }]];
  switch (c.op) {
    case 'EQ':
    case 'NE':
    case 'LE':
    case 'GT':
      return one(c.op, v);
    case 'LT':
      return v === 0 ? NEVER : one('LT', v);
    case 'GE':
      return v === 0 ? ALWAYS : one('GE', v);
    case 'IN':
      return unique([...new Set(c.values)].map((x) => [{ index: i, op: 'EQ' as const, value: x, valueTwo: 0 }]));
    case 'NOT_IN': {
      const distinct = [...new Set(c.values)];
      if (distinct.length === 1) return one('NE', distinct[0]!);
      throw new Inexpressible(`arg${i} is a 64-bit argument: seccomp cannot test that it differs from several values in one rule`);
    }
    case 'MASKED_EQ': {
      const m = big(c.mask!);
      if ((big(v) & ~m) !== 0n) return NEVER;
      return m === 0n ? ALWAYS : [[masked(i, m, big(v))]];
    }
    case 'MASKED_NE': {
      const m = big(c.mask!);
      if ((big(v) & ~m) !== 0n) return ALWAYS;
      const out: Alternative[] = [];
      for (let b = 0; b < 64; b++) if ((m & bit(b)) !== 0n) out.push([masked(i, bit(b), (big(v) & bit(b)) === 0n ? bit(b) : 0n)]);
      return out;
    }
  }
}

/** The alternatives of one comparison, sound at the argument's width. */
export function comparisonDnf(c: Comparison): Dnf {
  return c.bits === 64 ? wide(c) : narrow(c);
}

/** Whether a 64-bit value satisfies one emitted comparison, as seccomp (libseccomp) tests it. */
export function holds(a: SeccompArg, x: bigint): boolean {
  const v = big(a.value);
  switch (a.op) {
    case 'EQ':
      return x === v;
    case 'NE':
      return x !== v;
    case 'LT':
      return x < v;
    case 'LE':
      return x <= v;
    case 'GT':
      return x > v;
    case 'GE':
      return x >= v;
    case 'MASKED_EQ':
      return (x & v) === big(a.valueTwo);
  }
}

/** Two comparisons of one argument as one, null when no value satisfies both. */
function merge(p: SeccompArg, q: SeccompArg): SeccompArg | null {
  if (p.op === q.op && p.value === q.value && p.valueTwo === q.valueTwo) return p;
  if (p.op === 'MASKED_EQ' && q.op === 'MASKED_EQ') {
    const [pm, pv, qm, qv] = [big(p.value), big(p.valueTwo), big(q.value), big(q.valueTwo)];
    const common = pm & qm;
    if ((pv & common) !== (qv & common)) return null;
    return masked(p.index, pm | qm, pv | qv);
  }
  if (p.op === 'EQ') return holds(q, big(p.value)) ? p : null;
  if (q.op === 'EQ') return holds(p, big(q.value)) ? q : null;
  // Bounds of the same side: the tighter one.
  const lower = (a: SeccompArg): bigint | null => (a.op === 'GT' ? big(a.value) + 1n : a.op === 'GE' ? big(a.value) : null);
  const upper = (a: SeccompArg): bigint | null => (a.op === 'LT' ? big(a.value) - 1n : a.op === 'LE' ? big(a.value) : null);
  const [pl, pu, ql, qu] = [lower(p), upper(p), lower(q), upper(q)];
  if (pl !== null && ql !== null) return pl >= ql ? p : q;
  if (pu !== null && qu !== null) return pu <= qu ? p : q;
  if ((pl !== null && qu !== null && pl > qu) || (ql !== null && pu !== null && ql > pu)) return null;
  // `!= x` beside a bound that already leaves x out.
  if (p.op === 'NE' && !holds(q, big(p.value))) return q;
  if (q.op === 'NE' && !holds(p, big(q.value))) return p;
  throw new Inexpressible(`arg${p.index} is a 64-bit argument: seccomp cannot test \`${describe(p)}\` and \`${describe(q)}\` together in one rule`);
}

const OP_TEXT: Readonly<Record<SeccompArg['op'], string>> = { EQ: '==', NE: '!=', LT: '<', LE: '<=', GT: '>', GE: '>=', MASKED_EQ: '&' };
function describe(a: SeccompArg): string {
  return a.op === 'MASKED_EQ' ? `arg${a.index} & 0x${a.value.toString(16)} == ${a.valueTwo}` : `arg${a.index} ${OP_TEXT[a.op]} ${a.value}`;
}

/** A stable key of an alternative, for de-duplication. */
export function alternativeKey(alt: Alternative): string {
  return alt.map((a) => `${a.index}${a.op}${a.value}:${a.valueTwo}`).join('&');
}

/** Drops repeated alternatives; an empty alternative (always) absorbs the rest. */
function unique(alts: readonly Alternative[]): Dnf {
  if (alts.some((a) => a.length === 0)) return ALWAYS;
  const seen = new Set<string>();
  const out: Alternative[] = [];
  for (const a of alts) {
    const k = alternativeKey(a);
    if (!seen.has(k)) (seen.add(k), out.push(a));
  }
  return out;
}

function andAlternatives(x: Alternative, y: Alternative): Alternative | null {
  const out: SeccompArg[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    const p = x[i];
    const q = y[j];
    if (q === undefined || (p !== undefined && p.index < q.index)) (out.push(p!), i++);
    else if (p === undefined || q.index < p.index) (out.push(q), j++);
    else {
      const m = merge(p, q);
      if (m === null) return null;
      out.push(m);
      i++;
      j++;
    }
  }
  return out;
}

function tooMany(n: number): never {
  throw new Inexpressible(`it needs ${n} or more seccomp rules for one syscall (at most ${MAX_ALTERNATIVES})`);
}

/** Both conditions. */
export function and(x: Dnf, y: Dnf): Dnf {
  if (x.length * y.length > MAX_ALTERNATIVES * 64) tooMany(x.length * y.length);
  const out: Alternative[] = [];
  for (const a of x)
    for (const b of y) {
      const m = andAlternatives(a, b);
      if (m !== null) out.push(m);
    }
  const u = unique(out);
  if (u.length > MAX_ALTERNATIVES) tooMany(u.length);
  return u;
}

/** Either condition. */
export function or(...xs: readonly Dnf[]): Dnf {
  const u = unique(xs.flat());
  if (u.length > MAX_ALTERNATIVES) tooMany(u.length);
  return u;
}

/** All of `cs` (one rule's conditions, joined with `and`). */
export function allOf(cs: readonly Comparison[]): Dnf {
  return cs.reduce<Dnf>((acc, c) => and(acc, comparisonDnf(c)), ALWAYS);
}

/** Anything but all of `cs`: by De Morgan, any one of them fails. */
export function notAllOf(cs: readonly Comparison[]): Dnf {
  return cs.length === 0 ? NEVER : or(...cs.map((c) => comparisonDnf(negate(c))));
}

/** Whether a call with these six register values matches some alternative (an evaluator of the lowering). */
export function matches(dnf: Dnf, args: readonly bigint[]): boolean {
  return dnf.some((alt) => alt.every((a) => holds(a, args[a.index] ?? 0n)));
}

/** Whether a call matches one comparison as the policy means it: on the low `bits` bits the kernel reads. */
export function comparisonHolds(c: Comparison, x: bigint): boolean {
  const low = x & ones(c.bits);
  const v = big(c.values[0]!);
  switch (c.op) {
    case 'EQ':
      return low === v;
    case 'NE':
      return low !== v;
    case 'LT':
      return low < v;
    case 'LE':
      return low <= v;
    case 'GT':
      return low > v;
    case 'GE':
      return low >= v;
    case 'IN':
      return c.values.some((y) => big(y) === low);
    case 'NOT_IN':
      return !c.values.some((y) => big(y) === low);
    case 'MASKED_EQ':
      return (low & big(c.mask!)) === v;
    case 'MASKED_NE':
      return (low & big(c.mask!)) !== v;
  }
}
