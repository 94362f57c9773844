/**
 * What the seccomp filter does with one syscall, as the pieces (rules) that say it soundly. The
 * grant (syscall-rules.ts) says which policy rules decide a syscall; this module turns them into
 * layers, the first matching of which decides a call, and each layer into disjoint regions:
 *
 *   1. the conditional denies that carve exceptions out of the decision (most specific first),
 *   2. the decision itself: the allow rules (each narrowed by secpol's restrictions: `protocols` for
 *      socket and socketpair, no namespace flags for clone) or the unconditional deny.
 *
 * A layer's region is its condition less every earlier layer with another action, so no call
 * matches two rules with different actions: libseccomp's choice between overlapping rules is then
 * never needed (under an errno default runc with libseccomp lets an unconditional allow win over a
 * conditional errno rule, so "allow X" beside "deny X if C" cannot be emitted as it is written).
 * Conditions are lowered at the width the kernel reads each argument (seccomp-conditions.ts).
 *
 * Pure; shared by the checks (which report what cannot be expressed) and the lowering.
 */
import type { ArgValue, ConditionAst, SyscallRuleAst, WorkloadAst } from './ast.js';
import type { NetworkGrant, SeccompAction } from './ir.js';
import { constantValue } from './data/constants.js';
import { FAMILY_CONSTANT, SOCK_TYPE_MASK, TYPE_CONSTANT as TYPE, isSocketCall } from './data/sockets.js';

export { FAMILY_CONSTANT, SOCK_TYPE_MASK, isSocketCall };
import { resolveErrno } from './data/errno.js';
import { argBits } from './data/syscall-args.js';
import { ARG_RESTRICTIONS } from './data/syscall-restrictions.js';
import { networkGrants, protocolsText } from './network-grants.js';
import { DEFAULTS } from './data/defaults.js';
import type { Grant } from './syscall-rules.js';
import { Inexpressible, MAX_ALTERNATIVES, NEVER, allOf, and, notAllOf, or, type Alternative, type Comparison, type Dnf } from './seccomp-conditions.js';

/** One rule of the filter for one syscall, before the lowering merges names that share everything. */
export interface Piece {
  readonly action: SeccompAction;
  readonly args: Alternative;
  /** The policy rule the piece comes from; null for the runtime baseline. */
  readonly rule: SyscallRuleAst | null;
  /** True when secpol's own argument restriction (clone: no namespace flags) narrowed the rule. */
  readonly restricted: boolean;
  /** What the piece's conditions mean in the policy's words (`arg1 != TIOCSTI`); null without conditions. */
  readonly condition: string | null;
}

/** The pieces of a syscall, or the rule whose conditions seccomp cannot express and why. */
export type PiecesResult = { readonly ok: true; readonly pieces: readonly Piece[] } | { readonly ok: false; readonly rule: SyscallRuleAst; readonly reason: string };

/** What every syscall of one workload shares. */
export interface FilterContext {
  readonly grants: readonly NetworkGrant[];
  readonly protocols: string;
}

/** The filter context of a workload. */
export function filterContext(w: WorkloadAst): FilterContext {
  return { grants: networkGrants(w), protocols: protocolsText(w) };
}

/** What a rule does to a call it matches: its `with` action, else allow (for allow) or EPERM (for deny). */
export function ruleAction(rule: SyscallRuleAst): SeccompAction {
  const a = rule.action?.value;
  if (!a) return rule.verb === 'allow' ? { kind: 'allow' } : { kind: 'errno', errno: DEFAULTS.errno };
  if (a.kind !== 'errno') return { kind: a.kind };
  const n = resolveErrno(a.errno.value);
  if (n === undefined) throw new Error(`errno ${a.errno.value} was not checked`);
  return { kind: 'errno', errno: n };
}

/** The number a condition value stands for (terms ORed bitwise), or undefined for an unknown constant. */
export function argValueNumber(v: ArgValue): number | undefined {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'constant') return constantValue(v.name);
  let acc = 0n;
  for (const t of v.terms) {
    const n = argValueNumber(t.value);
    if (n === undefined) return undefined;
    acc |= BigInt(n);
  }
  return Number(acc);
}

const number = (v: ArgValue): number => {
  const n = argValueNumber(v);
  if (n === undefined) throw new Error('a condition value was not checked');
  return n;
};

/** A condition of a rule as a comparison at the width the kernel reads that argument of `name`. */
export function comparison(c: ConditionAst, name: string): Comparison {
  // Unknown width: the whole register, and the checks allow only comparisons that are sound at any
  // width there (==, in, & … ==), which at worst refuse a call the kernel would read as allowed.
  const bits = argBits(name, c.index) ?? 64;
  return { index: c.index, op: c.op, values: c.values.map((v) => number(v.value)), mask: c.mask ? number(c.mask.value) : null, bits };
}


/** The calls of `name` (socket or socketpair) that open a declared kind of socket. */
function protocolsDnf(grants: readonly NetworkGrant[], name: string): Dnf {
  const bits = (i: number) => argBits(name, i) ?? 32;
  const constant = (n: string): number => {
    const v = constantValue(n);
    if (v === undefined) throw new Error(`no constant ${n}`);
    return v;
  };
  return or(
    ...grants.map((g) =>
      allOf([
        { index: 0, op: 'EQ', values: [constant(FAMILY_CONSTANT[g.family])], mask: null, bits: bits(0) },
        ...(g.type ? [{ index: 1, op: 'MASKED_EQ' as const, values: [constant(TYPE[g.type])], mask: SOCK_TYPE_MASK, bits: bits(1) }] : []),
      ]),
    ),
  );
}


const sameAction = (a: SeccompAction, b: SeccompAction): boolean => a.kind === b.kind && (a.kind !== 'errno' || a.errno === (b as { errno: number }).errno);
const conditionsText = (r: SyscallRuleAst): string => r.conditions.map((c) => c.text).join(' and ');

interface Layer {
  readonly rule: SyscallRuleAst;
  readonly action: SeccompAction;
  readonly when: Dnf;
  /** The comparisons of a carve, to subtract it from later layers; null for the decision's layers. */
  readonly carve: readonly Comparison[] | null;
  readonly texts: readonly string[];
  readonly restricted: boolean;
}

const BASELINE: PiecesResult = { ok: true, pieces: [{ action: { kind: 'allow' }, args: [], rule: null, restricted: false, condition: null }] };

/** The pieces of one syscall's rules. */
export function syscallPieces(name: string, g: Grant, ctx: FilterContext): PiecesResult {
  if (g.baseline) return BASELINE;
  let at: SyscallRuleAst = g.carves[0] ?? g.rules[0]!;
  try {
    const layers: Layer[] = [];
    for (const r of g.carves) {
      at = r;
      const cmps = r.conditions.map((c) => comparison(c, name));
      layers.push({ rule: r, action: ruleAction(r), when: allOf(cmps), carve: cmps, texts: [conditionsText(r)], restricted: false });
    }
    for (const r of g.rules) {
      at = r;
      let when = allOf(r.conditions.map((c) => comparison(c, name)));
      const texts = r.conditions.length > 0 ? [conditionsText(r)] : [];
      let restricted = false;
      if (g.verb === 'allow') {
        const restriction = ARG_RESTRICTIONS.get(name);
        if (restriction && r.conditions.length === 0 && !r.unrestricted) {
          when = and(when, allOf([{ index: restriction.index, op: 'MASKED_EQ', values: [restriction.value], mask: restriction.mask, bits: argBits(name, restriction.index) ?? 64 }]));
          texts.push(restriction.text);
          restricted = true;
        }
        if (isSocketCall(name)) {
          when = ctx.grants.length === 0 ? NEVER : and(when, protocolsDnf(ctx.grants, name));
          texts.push(ctx.protocols);
        }
      }
      layers.push({ rule: r, action: ruleAction(r), when, carve: null, texts, restricted });
    }
    const pieces: Piece[] = [];
    for (let j = 0; j < layers.length; j++) {
      const layer = layers[j]!;
      at = layer.rule;
      let region = layer.when;
      const except: string[] = [];
      for (let k = 0; k < Math.min(j, g.carves.length); k++) {
        const earlier = layers[k]!;
        if (sameAction(earlier.action, layer.action)) continue;
        // What cannot be carved out is the carve's fault: point at it.
        at = earlier.rule;
        region = and(region, notAllOf(earlier.carve!));
        at = layer.rule;
        except.push(earlier.texts[0]!);
      }
      const parts = [...layer.texts, ...(except.length > 0 ? [`except when ${except.join(' or ')}`] : [])];
      for (const args of region) pieces.push({ action: layer.action, args, rule: layer.rule, restricted: layer.restricted, condition: args.length > 0 ? parts.join(', ') : null });
      if (pieces.length > MAX_ALTERNATIVES) throw new Inexpressible(`it needs more than ${MAX_ALTERNATIVES} seccomp rules for \`${name}\``);
    }
    return { ok: true, pieces };
  } catch (e) {
    if (e instanceof Inexpressible) return { ok: false, rule: at, reason: e.reason };
    throw e;
  }
}

