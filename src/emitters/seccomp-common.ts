/**
 * The seccomp vocabulary shared by the Docker profile (seccomp.ts) and the OCI `linux.seccomp`
 * section (oci.ts): libseccomp's `SCMP_*` names for the IR's actions, architectures and operators,
 * and the checks of the IR invariants both formats rely on.
 *
 * Both formats end up in runc, which hands every name, action and operator to libseccomp
 * (`seccomp_rule_add_array`), so they share one spelling. A violated invariant is a compiler bug,
 * not a user error: it throws, and the CLI reports it as an internal error.
 */
import type { Arch, SeccompAction, SeccompArg, SeccompIR, SeccompRule } from '../compiler/ir.js';

/** libseccomp's architecture token for each IR architecture, as both formats spell it. */
export const SCMP_ARCH: Readonly<Record<Arch, string>> = {
  x86_64: 'SCMP_ARCH_X86_64',
  x86: 'SCMP_ARCH_X86',
  x32: 'SCMP_ARCH_X32',
  aarch64: 'SCMP_ARCH_AARCH64',
  arm: 'SCMP_ARCH_ARM',
};

/**
 * The 64-bit architecture whose filter each 32-bit companion joins, or null for a primary one.
 * The kernel reports a 32-bit task's syscalls with its own AUDIT_ARCH, so one loaded filter that
 * lists x86_64, x86 and x32 covers every binary an x86_64 host can run.
 */
export const PRIMARY_OF: Readonly<Record<Arch, Arch | null>> = {
  x86_64: null,
  x86: 'x86_64',
  x32: 'x86_64',
  aarch64: null,
  arm: 'aarch64',
};

const SCMP_CMP: Readonly<Record<SeccompArg['op'], string>> = {
  EQ: 'SCMP_CMP_EQ',
  NE: 'SCMP_CMP_NE',
  LT: 'SCMP_CMP_LT',
  LE: 'SCMP_CMP_LE',
  GT: 'SCMP_CMP_GT',
  GE: 'SCMP_CMP_GE',
  MASKED_EQ: 'SCMP_CMP_MASKED_EQ',
};

/** Throws the internal error that a broken IR invariant is; the CLI reports it as E0901. */
export function invariant(condition: boolean, detail: string | (() => string)): asserts condition {
  if (!condition) throw new Error(`invalid IR reached an emitter: ${typeof detail === 'string' ? detail : detail()}`);
}

/**
 * The `SCMP_ACT_*` name of an action. `kill` is SCMP_ACT_KILL_PROCESS, not SCMP_ACT_KILL: the
 * latter is SECCOMP_RET_KILL_THREAD (runc maps SCMP_ACT_KILL to ActKillThread), which leaves the
 * other threads of a multi-threaded server running. KILL_PROCESS needs Linux 4.14, libseccomp 2.4
 * and runc 1.0; it is a runtime-spec 1.1 action that runc 1.1 and Docker 20.10 pass through.
 */
export function scmpAction(action: SeccompAction): string {
  switch (action.kind) {
    case 'allow':
      return 'SCMP_ACT_ALLOW';
    case 'errno':
      return 'SCMP_ACT_ERRNO';
    case 'kill':
      return 'SCMP_ACT_KILL_PROCESS';
    case 'trap':
      return 'SCMP_ACT_TRAP';
    case 'log':
      return 'SCMP_ACT_LOG';
  }
}

/**
 * The errno an `errno` action returns, or undefined for every other action (so JSON.stringify
 * leaves the key out: `errnoRet` on a non-errno action means nothing to runc).
 * The kernel caps SECCOMP_RET_DATA at MAX_ERRNO (4095); 0 would make a denied call "succeed".
 */
export function errnoOf(action: SeccompAction): number | undefined {
  if (action.kind !== 'errno') return undefined;
  invariant(Number.isInteger(action.errno) && action.errno >= 1 && action.errno <= 4095, `errno ${action.errno} is outside 1..4095`);
  return action.errno;
}

/** One argument condition as both formats write it. */
export interface ScmpArg {
  readonly index: number;
  readonly value: number;
  readonly valueTwo: number;
  readonly op: string;
}

/**
 * The conditions of a rule. libseccomp ANDs the conditions of one rule, but when two of them test
 * the same argument runc (libcontainer/seccomp `matchCall`) silently falls back to adding every
 * condition as a rule of its own, an OR that also drops the AND with the other arguments. The
 * lowering splits "arg0 in [a, b]" into one rule per value, so a repeated index here is a bug.
 * For MASKED_EQ libseccomp reads `value` as the mask and `valueTwo` as the expected `arg & mask`,
 * which is exactly the IR's convention: the fields are copied, never swapped.
 */
function scmpArgs(rule: SeccompRule): ScmpArg[] {
  const seen = new Set<number>();
  return rule.args.map((arg) => {
    invariant(Number.isInteger(arg.index) && arg.index >= 0 && arg.index <= 5, () => `${where(rule)} compares argument ${arg.index}; syscalls have arguments 0..5`);
    invariant(!seen.has(arg.index), () => `${where(rule)} has two conditions on argument ${arg.index}; the lowering must split them into separate rules`);
    seen.add(arg.index);
    invariant(isUint(arg.value) && isUint(arg.valueTwo), () => `${where(rule)} compares with a value that is not a safe non-negative integer`);
    invariant(arg.op === 'MASKED_EQ' || arg.valueTwo === 0, () => `${where(rule)} sets valueTwo on a ${arg.op} comparison`);
    return { index: arg.index, value: arg.value, valueTwo: arg.valueTwo, op: SCMP_CMP[arg.op] };
  });
}

/**
 * Checks what both formats assume of the architectures: each one named once, every companion after
 * its primary (`archMap` nests companions under it), and `primaryArches` the primaries in order.
 */
export function checkArchitectures(seccomp: SeccompIR): void {
  const arches = seccomp.architectures;
  invariant(arches.length > 0, 'the seccomp filter has no architecture');
  invariant(new Set(arches).size === arches.length, `an architecture is listed twice in [${arches.join(', ')}]`);
  arches.forEach((arch, i) => {
    const primary = PRIMARY_OF[arch];
    invariant(primary === null || arches.slice(0, i).includes(primary), `companion ${arch} is not preceded by its primary ${primary}`);
  });
  const primaries = arches.filter((arch) => PRIMARY_OF[arch] === null);
  invariant(primaries.join() === seccomp.primaryArches.join(), `primaryArches [${seccomp.primaryArches.join(', ')}] differ from the primaries in [${arches.join(', ')}]`);
}

/**
 * Checks that no syscall has an unconditional rule beside another rule on the same architecture.
 * libseccomp does not keep the order of rules: under an errno default runc lets an unconditional
 * allow win over a conditional errno rule for the same call, so "allowed, except when" must reach
 * the emitters as disjoint conditional rules (the lowering's job), never as both.
 */
export function checkRulesAreDisjoint(seccomp: SeccompIR): void {
  for (const arch of seccomp.architectures) {
    const unconditional = new Map<string, SeccompRule>();
    const count = new Map<string, number>();
    for (const rule of seccomp.rules) {
      if (!rule.arches.includes(arch)) continue;
      for (const name of rule.names) {
        count.set(name, (count.get(name) ?? 0) + 1);
        if (rule.args.length === 0) unconditional.set(name, rule);
      }
    }
    for (const [name, rule] of unconditional)
      invariant(count.get(name) === 1, () => `\`${name}\` has an unconditional rule (${describeOrigin(rule)}) and another rule on ${arch}`);
  }
}

/** One rule in the fields both formats share, after checking the IR's invariants for it. */
export interface ScmpRule {
  readonly names: readonly string[];
  readonly action: string;
  readonly errnoRet?: number;
  readonly args?: readonly ScmpArg[];
}

/** The shared form of a rule: `errnoRet` only for errno, `args` only when there are conditions. */
export function scmpRule(rule: SeccompRule, seccomp: SeccompIR): ScmpRule {
  invariant(rule.names.length > 0, () => `a rule has no syscall name (${describeOrigin(rule)})`);
  invariant(rule.arches.length > 0, () => `${where(rule)} applies to no architecture`);
  invariant(new Set(rule.arches).size === rule.arches.length, () => `${where(rule)} lists an architecture twice`);
  invariant(rule.arches.every((arch) => seccomp.architectures.includes(arch)), () => `${where(rule)} names an architecture outside the targets`);
  const args = scmpArgs(rule);
  return { names: rule.names, action: scmpAction(rule.action), errnoRet: errnoOf(rule.action), args: args.length > 0 ? args : undefined };
}

/** Whether a rule applies to only some of the target architectures (checked by `scmpRule`). */
export function isPartial(rule: SeccompRule, seccomp: SeccompIR): boolean {
  return rule.arches.length < seccomp.architectures.length;
}

/** The policy line a rule came from, `web.secpol:21 allow @network-server`; just the `what` for a built-in (line 0). */
export function describeOrigin(rule: SeccompRule): string {
  const { file, line, what } = rule.origin;
  return line > 0 ? `${file}:${line} ${what}` : what;
}

/** A rule as an internal error names it (built only when one is thrown). */
const where = (rule: SeccompRule): string => `rule \`${rule.names.join(', ')}\` (${describeOrigin(rule)})`;

function isUint(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** The filter in the flat form OCI's `linux.seccomp` and SPO's `SeccompProfile` share. */
export interface FlatFilter {
  readonly defaultAction: string;
  readonly defaultErrnoRet?: number;
  readonly architectures: readonly string[];
  readonly syscalls: readonly ScmpRule[];
}

/**
 * The filter as a flat architecture list and plain rules, no `archMap`, `includes` or `comment`
 * (OCI's `linux.seccomp`, SPO's `SeccompProfile` spec). Neither can restrict a rule to some
 * architectures, and need not: the IR makes a rule partial only for names some target architectures
 * lack, and libseccomp adds a rule to just the architectures of the filter that have the name (runc
 * resolves it to a pseudo-number elsewhere).
 */
export function flatFilter(s: SeccompIR): FlatFilter {
  checkArchitectures(s);
  checkRulesAreDisjoint(s);
  return {
    defaultAction: scmpAction(s.defaultAction),
    defaultErrnoRet: errnoOf(s.defaultAction),
    architectures: s.architectures.map((arch) => SCMP_ARCH[arch]),
    syscalls: s.rules.map((rule) => scmpRule(rule, s)),
  };
}
