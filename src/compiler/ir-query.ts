/**
 * Questions about a compiled policy, answered from its IR alone: which statement set a setting, what
 * lets a syscall through (the filter's rules, the written rules that decide it), a path's status.
 * lint, explain and the privilege diff share these, so none of them reads the syntax tree. Pure.
 *
 * The setting keys of `provenance.settings` (values '' unless said):
 * `name`, `user`, `groups` (gid), `no-new-privileges`, `apparmor-profile`, `selinux` (the keyword),
 * `selinux.disable|user|role|type|level`, `runtime`, `untrusted`, `hostname`, `arch`, `arch.name`
 * (architecture), `network.mode`, `protocols` (protocol), `filesystem.root`, `paths.read|write|exec|deny` (the
 * path as written, one entry per statement), `tmpfs.target` and
 * `tmpfs.mode` (target), `bind.source` and `relabel` (mount target), `capabilities.add` and
 * `capabilities.drop` (canonical name; `what` as written), `syscalls.default` (`what`: the line),
 * `syscalls.baseline` (`on`/`off`), `namespaces.pid|ipc|uts|user|cgroup`, `uid-map` and `gid-map`
 * (host id), `sysctls` (name), `env` (name; the origin is the name's), `limits.memory|memory-swap|
 * memory-reservation|cpus|cpu-shares|pids` (the number as written, or `unlimited`), `limits.ulimits` (name). An absent key is a default.
 */
import type { DataMount, Origin, PathRule, PolicyIR, SeccompAction, SeccompRule, SettingOrigin, SyscallDecision, TmpfsMount, WrittenSyscallRule } from './ir.js';
import { groupSyscalls } from './syscall-rules.js';

/** The entries of one setting key (of one value, when given), in the order written. */
export function settingEntries(ir: PolicyIR, key: string, value?: string): readonly SettingOrigin[] {
  // The settings are sorted by key: find the first of `key`, then read while the key holds.
  const all = ir.provenance.settings;
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (all[mid]!.key < key) lo = mid + 1;
    else hi = mid;
  }
  const out: SettingOrigin[] = [];
  for (let i = lo; i < all.length && all[i]!.key === key; i++) if (value === undefined || all[i]!.value === value) out.push(all[i]!);
  return out;
}

/** Every statement that set `key` (`value`), in the order written. */
export function settingOrigins(ir: PolicyIR, key: string, value?: string): readonly Origin[] {
  return settingEntries(ir, key, value).map((s) => s.origin);
}

/** The statement that decides `key` (`value`): the last written, the extending policy's. Null: a default. */
export function settingOrigin(ir: PolicyIR, key: string, value?: string): Origin | null {
  const all = settingEntries(ir, key, value);
  return all[all.length - 1]?.origin ?? null;
}

/** The first statement that set `key` (`value`), or null. */
export function firstSettingOrigin(ir: PolicyIR, key: string, value?: string): Origin | null {
  return settingEntries(ir, key, value)[0]?.origin ?? null;
}

/** The `add` statements that grant a capability (canonical name), in the order written. */
export const capabilityGrants = (ir: PolicyIR, capability: string): readonly Origin[] => settingOrigins(ir, 'capabilities.add', capability);

/** True when an action lets the call run (allow, or allow and log). */
export const permits = (a: SeccompAction): boolean => a.kind === 'allow' || a.kind === 'log';

/** True when the filter's default action lets unlisted syscalls through. */
export const defaultAllows = (ir: PolicyIR): boolean => permits(ir.seccomp.defaultAction);

const allowingIndexes = new WeakMap<PolicyIR, ReadonlyMap<string, readonly SeccompRule[]>>();
const decisionIndexes = new WeakMap<PolicyIR, ReadonlyMap<string, SyscallDecision>>();

/** The filter's allowing rules of one IR by name, built once. */
function allowingIndex(ir: PolicyIR): ReadonlyMap<string, readonly SeccompRule[]> {
  const hit = allowingIndexes.get(ir);
  if (hit) return hit;
  const allowing = new Map<string, SeccompRule[]>();
  for (const r of ir.seccomp.rules) {
    if (!permits(r.action)) continue;
    for (const n of r.names) {
      const list = allowing.get(n);
      if (list) list.push(r);
      else allowing.set(n, [r]);
    }
  }
  allowingIndexes.set(ir, allowing);
  return allowing;
}

/** The decision of each syscall of one IR by name, built once (explain asks of many names). */
function decisionIndex(ir: PolicyIR): ReadonlyMap<string, SyscallDecision> {
  const hit = decisionIndexes.get(ir);
  if (hit) return hit;
  const decisions = new Map<string, SyscallDecision>();
  for (const d of ir.provenance.syscalls) for (const n of d.names) decisions.set(n, d);
  decisionIndexes.set(ir, decisions);
  return decisions;
}

/** The filter's rules that let `name` through (allow or log), in IR order. */
export const allowingRules = (ir: PolicyIR, name: string): readonly SeccompRule[] => allowingIndex(ir).get(name) ?? [];

/** What decides `name`: the winning written rules, the conditional denies carved out of them, and whether it is the baseline. Undefined: no rule mentions it (the default action decides). */
export function syscallDecision(ir: PolicyIR, name: string): { readonly rules: readonly WrittenSyscallRule[]; readonly carves: readonly WrittenSyscallRule[]; readonly decision: SyscallDecision } | undefined {
  const d = decisionIndex(ir).get(name);
  return d && decisionRules(ir, d);
}

/** A decision with the written rules its indexes name. */
export function decisionRules(ir: PolicyIR, d: SyscallDecision): { readonly rules: readonly WrittenSyscallRule[]; readonly carves: readonly WrittenSyscallRule[]; readonly decision: SyscallDecision } {
  const rules = ir.provenance.syscallRules;
  return { rules: d.rules.map((i) => rules[i]!), carves: d.carves.map((i) => rules[i]!), decision: d };
}

/** The groups of `rule` that contain `name` (without `@`); empty when it names `name` itself or not at all. */
export const groupsMentioning = (rule: WrittenSyscallRule, name: string): string[] => rule.targets.filter((t) => t.kind === 'group' && groupSyscalls(t.name)?.includes(name)).map((t) => t.name);

/** True when `rule` names `name` itself. */
export const namesDirectly = (rule: WrittenSyscallRule, name: string): boolean => rule.targets.some((t) => t.kind === 'name' && t.name === name);

/** The written rules that mention `name`, by name or through a group, in the order written. */
export const rulesMentioning = (ir: PolicyIR, name: string): readonly WrittenSyscallRule[] =>
  ir.provenance.syscallRules.filter((r) => r.targets.some((t) => (t.kind === 'name' ? t.name === name : groupSyscalls(t.name)?.includes(name))));

/** AppArmor-style glob: `**` any depth, `*` within a component, `?` one character; a plain path covers what is below it. */
export function pathMatches(rule: string, path: string): boolean {
  if (!/[*?]/.test(rule)) return rule === '/' || path === rule || path.startsWith(rule + '/');
  let re = '^';
  for (let i = 0; i < rule.length; i++) {
    const c = rule[i]!;
    if (c === '*' && rule[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$').test(path);
}

const under = (target: string, path: string): boolean => target === '/' || path === target || path.startsWith(target + '/');

/** What the IR says of one path inside the container (absolute, without a trailing slash). */
export interface PathStatus {
  /** `deny` rules that match it: they win over every allow. */
  readonly denies: readonly PathRule[];
  /** The innermost tmpfs over it, if any. */
  readonly tmpfs: TmpfsMount | undefined;
  /** The innermost tmpfs or mount over it, if any. */
  readonly mount: TmpfsMount | DataMount | undefined;
  /** True when `mount` is read-only. */
  readonly mountReadonly: boolean;
  /** `write` rules that match it. */
  readonly writeRules: readonly PathRule[];
  /** True when no mount covers it and the root file system is writable. */
  readonly onWritableRoot: boolean;
  /** The `root` statement, or null for the default. */
  readonly rootOrigin: Origin | null;
  /** `read` and `exec` rules that match it. */
  readonly readRules: readonly PathRule[];
  readonly execRules: readonly PathRule[];
  /** True when the tmpfs it is on is mounted noexec. */
  readonly noexec: boolean;
}

/** A path's status: which statements let it be written, read or executed, and which refuse it. */
export function pathStatus(ir: PolicyIR, path: string): PathStatus {
  const fs = ir.filesystem;
  const innermost = <T extends { target: string }>(xs: readonly T[]): T | undefined => xs.filter((t) => under(t.target, path)).sort((a, b) => b.target.length - a.target.length)[0];
  const tmpfs = innermost(fs.tmpfs);
  const data = innermost(fs.mounts);
  const mount = [tmpfs, data].filter((m) => m !== undefined).sort((a, b) => b!.target.length - a!.target.length)[0];
  const matching = (access: PathRule['access']): PathRule[] => fs.paths.filter((p) => p.access === access && pathMatches(p.path, path));
  return {
    denies: matching('deny'),
    tmpfs,
    mount,
    mountReadonly: mount !== undefined && ('options' in mount ? mount.options.includes('ro') : mount.readonly),
    writeRules: matching('write'),
    onWritableRoot: !fs.rootReadonly && !mount,
    rootOrigin: settingOrigin(ir, 'filesystem.root'),
    readRules: matching('read'),
    execRules: matching('exec'),
    noexec: tmpfs !== undefined && tmpfs === mount && tmpfs.options.includes('noexec'),
  };
}
