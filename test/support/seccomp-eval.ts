/**
 * An evaluator of emitted seccomp profiles (Docker's format and config.json's `linux.seccomp`): what
 * libseccomp's filter does with one call on x86_64, from the profile text alone. Each SCMP_CMP_*
 * operator compares the whole 64-bit register (MASKED_EQ: `arg & value == valueTwo`), the
 * conditions of a rule AND, the rules naming a call OR, and a call no rule matches gets the default.
 * Two matching rules with different actions are an error here: libseccomp's choice between them is
 * not something a profile may rely on.
 */
import { syscallNumber } from '../../src/compiler/data/syscall-table.js';

interface ProfileArg {
  readonly index: number;
  readonly value: number;
  readonly valueTwo?: number;
  readonly op: string;
}
interface ProfileRule {
  readonly names: readonly string[];
  readonly action: string;
  readonly errnoRet?: number;
  readonly args?: readonly ProfileArg[];
  readonly includes?: { readonly arches?: readonly string[] };
}
/** The fields both formats share. */
export interface Profile {
  readonly defaultAction: string;
  readonly defaultErrnoRet?: number;
  readonly syscalls: readonly ProfileRule[];
}

/** What the filter does: `allow`, `errno=N`, `kill`, `trap` or `log`. */
export type Verdict = string;

const verdict = (action: string, errno: number | undefined): Verdict => {
  switch (action) {
    case 'SCMP_ACT_ALLOW':
      return 'allow';
    case 'SCMP_ACT_ERRNO':
      return `errno=${errno ?? 1}`;
    case 'SCMP_ACT_KILL_PROCESS':
    case 'SCMP_ACT_KILL':
      return 'kill';
    case 'SCMP_ACT_TRAP':
      return 'trap';
    case 'SCMP_ACT_LOG':
      return 'log';
    default:
      throw new Error(`unknown action ${action}`);
  }
};

function holds(a: ProfileArg, x: bigint): boolean {
  const v = BigInt(a.value);
  switch (a.op) {
    case 'SCMP_CMP_EQ':
      return x === v;
    case 'SCMP_CMP_NE':
      return x !== v;
    case 'SCMP_CMP_LT':
      return x < v;
    case 'SCMP_CMP_LE':
      return x <= v;
    case 'SCMP_CMP_GT':
      return x > v;
    case 'SCMP_CMP_GE':
      return x >= v;
    case 'SCMP_CMP_MASKED_EQ':
      return (x & v) === BigInt(a.valueTwo ?? 0);
    default:
      throw new Error(`unknown operator ${a.op}`);
  }
}

/**
 * The verdict for `name` called with the six register values `args` on x86_64. Docker-format
 * rules whose `includes.arches` leave out amd64 are skipped, as an amd64 daemon skips them.
 */
export function evaluate(profile: Profile, name: string, args: readonly bigint[]): Verdict {
  if (syscallNumber(name, 'x86_64') === undefined) throw new Error(`no syscall ${name} on x86_64`);
  const hits = new Set<Verdict>();
  for (const rule of profile.syscalls) {
    if (!rule.names.includes(name)) continue;
    if (rule.includes?.arches && !rule.includes.arches.includes('amd64')) continue;
    if ((rule.args ?? []).every((a) => holds(a, args[a.index] ?? 0n))) hits.add(verdict(rule.action, rule.errnoRet));
  }
  if (hits.size > 1) throw new Error(`${name}(${args.join(', ')}) matches rules with different actions: ${[...hits].join(', ')}`);
  return hits.size === 1 ? [...hits][0]! : verdict(profile.defaultAction, profile.defaultErrnoRet);
}
