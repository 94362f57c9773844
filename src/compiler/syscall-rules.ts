/**
 * How a workload's syscall statements resolve to the final filter: groups expanded, the runtime
 * baseline added, precedence applied (the extending policy wins over its bases; at the same level an
 * explicit name wins over a group's membership, and deny wins over allow), then split per
 * architecture so that no rule names a syscall absent on an architecture it is emitted for.
 * Shared by the checks (which need to know what is allowed) and the lowering (which emits it).
 */
import type { SyscallRuleAst, WorkloadAst } from './ast.js';
import type { Arch } from './ir.js';
import { syscallExists } from './data/syscall-table.js';
import { SYSCALL_GROUPS, RUNTIME_BASELINE_NNP, RUNTIME_BASELINE_NO_NNP } from './data/syscall-groups.js';

/** A group by name, or undefined. */
export function groupSyscalls(name: string): readonly string[] | undefined {
  const g = (SYSCALL_GROUPS as readonly { name: string; syscalls: readonly string[] }[]).find((x) => x.name === name);
  return g?.syscalls;
}

/** Where a syscall's winning rule came from. */
export interface Grant {
  readonly name: string;
  /** The policy rules that decide this syscall (several: an OR of conditional allows). Empty for the baseline. */
  readonly rules: readonly SyscallRuleAst[];
  readonly verb: 'allow' | 'deny';
  /** True when the name was written explicitly (not only through a group). */
  readonly explicit: boolean;
  /** Set when the runtime baseline (not the policy) allows it. */
  readonly baseline: boolean;
}

/** The names that exist on at least one of the architectures. */
function onSomeArch(names: readonly string[], arches: readonly Arch[]): readonly string[] {
  return names.filter((n) => arches.some((a) => syscallExists(n, a)));
}

const listCache = new Map<string, readonly string[]>();

/** `onSomeArch` for a fixed list (a group, a baseline), remembered per architecture set: batches build many policies. */
function onSomeArchCached(list: string, names: readonly string[], arches: readonly Arch[]): readonly string[] {
  const key = `${list}|${arches.join(',')}`;
  let hit = listCache.get(key);
  if (!hit) listCache.set(key, (hit = onSomeArch(names, arches)));
  return hit;
}

const resolved = new WeakMap<WorkloadAst, { key: string; grants: Map<string, Grant> }>();

/**
 * The resolved decision for every syscall the policy or the baseline mentions, by name (sorted).
 * Computed once per workload and architecture list: the checks and the lowering both ask.
 */
export function resolveSyscalls(w: WorkloadAst, arches: readonly Arch[]): Map<string, Grant> {
  const key = arches.join(',');
  const hit = resolved.get(w);
  if (hit && hit.key === key) return hit.grants;
  const grants = resolveUncached(w, arches);
  resolved.set(w, { key, grants });
  return grants;
}

function resolveUncached(w: WorkloadAst, arches: readonly Arch[]): Map<string, Grant> {
  const nnp = w.noNewPrivileges?.value ?? true;
  const mentions = new Map<string, { rule: SyscallRuleAst; explicit: boolean }[]>();
  for (const rule of w.syscalls.rules) {
    for (const t of rule.targets) {
      const names = t.value.kind === 'name' ? onSomeArch([t.value.name], arches) : onSomeArchCached(`@${t.value.name}`, groupSyscalls(t.value.name) ?? [], arches);
      for (const n of names) {
        const list = mentions.get(n) ?? [];
        list.push({ rule, explicit: t.value.kind === 'name' });
        mentions.set(n, list);
      }
    }
  }
  const out = new Map<string, Grant>();
  for (const [name, ms] of mentions) {
    if (ms.length === 1) {
      // Most names are mentioned once (by one group): that rule decides, whatever it is.
      const { rule, explicit } = ms[0]!;
      out.set(name, { name, rules: [rule], verb: rule.verb, explicit, baseline: false });
      continue;
    }
    const top = Math.max(...ms.map((m) => m.rule.precedence));
    let level = ms.filter((m) => m.rule.precedence === top);
    if (level.some((m) => m.explicit)) level = level.filter((m) => m.explicit);
    const verb = level.some((m) => m.rule.verb === 'deny') ? 'deny' : 'allow';
    let rules = level.filter((m) => m.rule.verb === verb).map((m) => m.rule);
    // An unconditional allow makes conditional ones of the same level moot.
    if (verb === 'allow' && rules.some((r) => r.conditions.length === 0)) rules = rules.filter((r) => r.conditions.length === 0).slice(0, 1);
    if (verb === 'deny') rules = rules.slice(0, 1);
    out.set(name, { name, rules: [...new Set(rules)], verb, explicit: level.some((m) => m.explicit), baseline: false });
  }
  if (w.syscalls.baseline?.value !== false) {
    for (const name of onSomeArchCached(nnp ? 'baseline-nnp' : 'baseline', nnp ? RUNTIME_BASELINE_NNP : RUNTIME_BASELINE_NO_NNP, arches)) {
      if (out.has(name)) continue;
      out.set(name, { name, rules: [], verb: 'allow', explicit: false, baseline: true });
    }
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** True when the resolved filter lets `name` through unconditionally or under some condition. */
export function isAllowed(grants: Map<string, Grant>, name: string, defaultAllows: boolean): boolean {
  const g = grants.get(name);
  if (!g) return defaultAllows;
  return g.verb === 'allow';
}
