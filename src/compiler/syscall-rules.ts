/**
 * How a workload's syscall statements resolve to the final filter: groups expanded, the runtime
 * baseline added, precedence applied (the extending policy wins over its bases; at the same level an
 * explicit name wins over a group's membership, and deny wins over allow), then split per
 * architecture so that no rule names a syscall absent on an architecture it is emitted for.
 * Shared by the checks (which need to know what is allowed) and the lowering (which emits it).
 */
import type { SyscallRuleAst, WorkloadAst } from './ast.js';
import type { Arch } from './ir.js';
import { ALL_SYSCALL_NAMES, syscallIndex, syscallIndexExists } from './data/syscall-table.js';
import { SYSCALL_GROUPS, RUNTIME_BASELINE_NNP, RUNTIME_BASELINE_NO_NNP } from './data/syscall-groups.js';
import { DEFAULTS } from './data/defaults.js';

/** A group by name, or undefined. */
export function groupSyscalls(name: string): readonly string[] | undefined {
  const g = (SYSCALL_GROUPS as readonly { name: string; syscalls: readonly string[] }[]).find((x) => x.name === name);
  return g?.syscalls;
}

/**
 * Where a syscall's winning rule came from. One grant is shared by every syscall it decides (all the
 * names one group mention wins, all that the baseline adds): a policy resolves a few hundred
 * syscalls, and one object per name would be most of its garbage. The name is the map's key.
 */
export interface Grant {
  /**
   * The policy rules that decide this syscall (several: an OR of conditional allows). Empty for the
   * baseline, and for a syscall only conditional denies mention (the default action decides it).
   */
  readonly rules: readonly SyscallRuleAst[];
  readonly verb: 'allow' | 'deny';
  /**
   * Conditional denies that make exceptions to the decision (`deny socket if arg0 == AF_PACKET`
   * beside `allow @network-client`: allowed, except for AF_PACKET), most specific file first. A
   * conditional deny never shadows an allow; it carves its condition out of it.
   */
  readonly carves: readonly SyscallRuleAst[];
  /** True when the name was written explicitly (not only through a group). */
  readonly explicit: boolean;
  /** Set when the runtime baseline (not the policy) allows it. */
  readonly baseline: boolean;
}

/** The positions (in ALL_SYSCALL_NAMES) of the names that exist on at least one of the architectures. */
function onSomeArch(names: readonly string[], arches: readonly Arch[]): readonly number[] {
  const out: number[] = [];
  for (const n of names) {
    const i = syscallIndex(n);
    if (i !== undefined && arches.some((a) => syscallIndexExists(i, a))) out.push(i);
  }
  return out;
}

const listCache = new Map<string, readonly number[]>();

/** `onSomeArch` for a fixed list (a group, a baseline), remembered per architecture set: batches build many policies. */
function onSomeArchCached(list: string, names: readonly string[], arches: readonly Arch[]): readonly number[] {
  const key = `${list}|${arches.join(',')}`;
  let hit = listCache.get(key);
  if (!hit) listCache.set(key, (hit = onSomeArch(names, arches)));
  return hit;
}

const resolved = new WeakMap<WorkloadAst, { key: string; grants: ReadonlyMap<string, Grant> }>();

/**
 * The resolved decision for every syscall the policy or the baseline mentions, by name (sorted).
 * Computed once per workload and architecture list: the checks and the lowering both ask.
 */
export function resolveSyscalls(w: WorkloadAst, arches: readonly Arch[]): ReadonlyMap<string, Grant> {
  const key = arches.join(',');
  const hit = resolved.get(w);
  if (hit && hit.key === key) return hit.grants;
  const grants = resolveUncached(w, arches);
  resolved.set(w, { key, grants });
  return grants;
}

interface Mention {
  readonly rule: SyscallRuleAst;
  readonly explicit: boolean;
  /** The grant of the names this mention alone decides, made on first use. */
  grant?: Grant;
}

/** What the runtime baseline grants, the same for every name and policy. */
const NO_RULES = Object.freeze([]) as readonly SyscallRuleAst[];
const BASELINE_GRANT: Grant = Object.freeze({ rules: NO_RULES, verb: 'allow', explicit: false, baseline: true, carves: NO_RULES });

function resolveUncached(w: WorkloadAst, arches: readonly Arch[]): Map<string, Grant> {
  const nnp = w.noNewPrivileges?.value ?? DEFAULTS.noNewPrivileges;
  // Per syscall, by its position in the (sorted) table: the first mention, and any further ones.
  // Dense arrays rather than maps keyed by name: a policy's groups name a few hundred syscalls.
  const first: (Mention | undefined)[] = new Array<Mention | undefined>(ALL_SYSCALL_NAMES.length);
  const more = new Map<number, Mention[]>();
  for (const rule of w.syscalls.rules) {
    for (const t of rule.targets) {
      const explicit = t.value.kind === 'name';
      const mention: Mention = { rule, explicit };
      const indices = explicit ? onSomeArch([t.value.name], arches) : onSomeArchCached(`@${t.value.name}`, groupSyscalls(t.value.name) ?? [], arches);
      for (const i of indices) {
        if (first[i] === undefined) first[i] = mention;
        else {
          const list = more.get(i);
          if (list) list.push(mention);
          else more.set(i, [first[i]!, mention]);
        }
      }
    }
  }
  const baseline = w.syscalls.baseline?.value !== false ? onSomeArchCached(nnp ? 'baseline-nnp' : 'baseline', nnp ? RUNTIME_BASELINE_NNP : RUNTIME_BASELINE_NO_NNP, arches) : [];
  const inBaseline = new Uint8Array(ALL_SYSCALL_NAMES.length);
  for (const i of baseline) inBaseline[i] = 1;
  // In table order, which is name order: the map comes out sorted.
  const out = new Map<string, Grant>();
  for (let i = 0; i < first.length; i++) {
    const one = first[i];
    const name = ALL_SYSCALL_NAMES[i]!;
    if (one === undefined) {
      if (inBaseline[i] === 1) out.set(name, BASELINE_GRANT);
      continue;
    }
    const ms = more.get(i);
    // Most names are mentioned once (by one group): that rule decides, whatever it is.
    out.set(name, ms === undefined ? (one.grant ??= single(one)) : decide(ms));
  }
  return out;
}

/** A conditional deny: an exception to whatever else decides the syscall. */
const isCarve = (m: Mention): boolean => m.rule.verb === 'deny' && m.rule.conditions.length > 0;

/** The grant of a syscall one rule mentions. */
function single(m: Mention): Grant {
  if (isCarve(m)) return { rules: NO_RULES, verb: 'deny', explicit: m.explicit, baseline: false, carves: [m.rule] };
  return { rules: [m.rule], verb: m.rule.verb, explicit: m.explicit, baseline: false, carves: NO_RULES };
}

/**
 * The decision among several mentions of one syscall. Allows and unconditional denies decide it:
 * highest precedence, then explicit over group, then deny over allow. Conditional denies of that
 * precedence or higher carve their conditions out of the decision instead of replacing it.
 */
function decide(ms: readonly Mention[]): Grant {
  const deciding = ms.filter((m) => !isCarve(m));
  const byPrecedence = (a: SyscallRuleAst, b: SyscallRuleAst): number => b.precedence - a.precedence;
  if (deciding.length === 0) {
    const carves = [...new Set(ms.map((m) => m.rule))].sort(byPrecedence);
    return { rules: NO_RULES, verb: 'deny', explicit: ms.some((m) => m.explicit), baseline: false, carves };
  }
  const top = Math.max(...deciding.map((m) => m.rule.precedence));
  let level = deciding.filter((m) => m.rule.precedence === top);
  if (level.some((m) => m.explicit)) level = level.filter((m) => m.explicit);
  const verb = level.some((m) => m.rule.verb === 'deny') ? 'deny' : 'allow';
  let rules = level.filter((m) => m.rule.verb === verb).map((m) => m.rule);
  // An unconditional allow makes conditional ones of the same level moot.
  if (verb === 'allow' && rules.some((r) => r.conditions.length === 0)) rules = rules.filter((r) => r.conditions.length === 0).slice(0, 1);
  if (verb === 'deny') rules = rules.slice(0, 1);
  const carves = [...new Set(ms.filter((m) => isCarve(m) && m.rule.precedence >= top).map((m) => m.rule))].sort(byPrecedence);
  return { rules: [...new Set(rules)], verb, explicit: level.some((m) => m.explicit), baseline: false, carves };
}

/** True when the resolved filter lets `name` through unconditionally or under some condition. */
export function isAllowed(grants: ReadonlyMap<string, Grant>, name: string, defaultAllows: boolean): boolean {
  const g = grants.get(name);
  if (!g) return defaultAllows;
  return g.verb === 'allow';
}
