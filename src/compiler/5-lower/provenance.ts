/**
 * Phase 5, the IR's provenance: which statement set each setting, the syscall rules as written, and
 * what decides each syscall. Later stages (lint, explain, diff) read these through ir-query.ts, so
 * none of them needs the syntax tree. Nothing here changes an artifact.
 */
import type { ArgValue, LimitValue, SyscallRuleAst, WorkloadAst } from '../ast.js';
import { canonicalCapability } from '../data/capabilities.js';
import type { Arch, LintIgnore, Origin, Provenance, SettingOrigin, SyscallDecision, WrittenSyscallRule } from '../ir.js';
import type { Span } from '../source.js';
import { argValueNumber } from '../syscall-filter.js';
import { resolveSyscalls, type Grant } from '../syscall-rules.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const normPath = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** The place a span points at, as an IR origin. */
export function originOf(span: Span, what: string): Origin {
  const p = span.file.position(span.start);
  const e = span.file.position(span.end);
  return { file: span.file.name, line: p.line, column: p.column, endLine: e.line, endColumn: e.column, what };
}

/** A value as written: a constant's name, a number, or terms joined by ` | `. */
const valueText = (v: ArgValue): string => (v.kind === 'constant' ? v.name : v.kind === 'number' ? String(v.value) : v.terms.map((t) => valueText(t.value)).join(' | '));

/** The line a statement starts on, trimmed and without its comment, as a reader quotes it. */
function statementText(span: Span): string {
  return span.file.lineText(span.file.position(span.start).line).trim().replace(/\s*#.*$/, '');
}

/** The settings' origins, sorted by key (a stable sort: the entries of one key stay in the order written). */
function settings(w: WorkloadAst): SettingOrigin[] {
  const out: SettingOrigin[] = [];
  const put = (key: string, value: string, s: { readonly span: Span } | null | undefined, what?: string): void => {
    if (s) out.push({ key, value, origin: originOf(s.span, what ?? (value === '' ? key : `${key} ${value}`)) });
  };
  put('name', '', w.name);
  put('user', '', w.user);
  for (const g of w.groups) put('groups', String(g.value), g);
  put('no-new-privileges', '', w.noNewPrivileges);
  put('apparmor-profile', '', w.apparmorProfile);
  if (w.selinux) {
    put('selinux', '', w.selinux);
    put('selinux.disable', '', w.selinux.disable);
    put('selinux.user', '', w.selinux.user);
    put('selinux.role', '', w.selinux.role);
    put('selinux.type', '', w.selinux.type);
    put('selinux.level', '', w.selinux.level);
  }
  put('runtime', '', w.runtime);
  put('untrusted', '', w.untrusted);
  put('hostname', '', w.hostname);
  put('arch', '', w.arch);
  for (const a of w.arch?.value ?? []) put('arch.name', a.value, a);
  put('network.mode', '', w.network.mode);
  for (const p of w.network.protocols) put('protocols', p.value, p);
  put('filesystem.root', '', w.filesystem.root);
  // Each path of a file rule as written (the IR's `paths` are normalised and without repeats).
  for (const p of w.filesystem.paths) put(`paths.${p.access}`, p.path.value, p.path, p.text);
  for (const t of w.filesystem.tmpfs) {
    put('tmpfs.target', normPath(t.target.value), t.target);
    put('tmpfs.mode', normPath(t.target.value), t.mode);
  }
  for (const m of w.filesystem.mounts) {
    if (m.kind === 'bind') put('bind.source', normPath(m.target.value), m.source);
    put('relabel', normPath(m.target.value), m.relabel);
  }
  for (const c of w.capabilities.add) put('capabilities.add', canonicalCapability(c.value) ?? c.value, c, `add ${c.value}`);
  for (const c of w.capabilities.drop) put('capabilities.drop', canonicalCapability(c.value) ?? c.value, c, `drop ${c.value}`);
  const d = w.syscalls.defaultAction;
  if (d) put('syscalls.default', '', d, statementText(d.span));
  put('syscalls.baseline', w.syscalls.baseline?.value === false ? 'off' : 'on', w.syscalls.baseline);
  for (const k of ['pid', 'ipc', 'uts', 'user', 'cgroup'] as const) put(`namespaces.${k}`, '', w.namespaces[k]);
  for (const m of w.idMaps.uid) put('uid-map', String(m.hostId.value), m);
  for (const m of w.idMaps.gid) put('gid-map', String(m.hostId.value), m);
  for (const s of w.sysctls) put('sysctls', s.name.value, s);
  for (const e of w.env) put('env', e.name.value, e.name);
  const limit = (key: string, v: LimitValue | null): void => put(key, v === null ? '' : v.value === null ? 'unlimited' : String(v.value), v, key);
  limit('limits.memory', w.limits.memory);
  limit('limits.memory-swap', w.limits.memorySwap);
  limit('limits.memory-reservation', w.limits.memoryReservation);
  limit('limits.cpus', w.limits.cpus);
  limit('limits.cpu-shares', w.limits.cpuShares);
  limit('limits.pids', w.limits.pids);
  for (const u of w.limits.ulimits) put('limits.ulimits', u.name.value, u);
  return out.sort((a, b) => cmp(a.key, b.key));
}

function writtenRule(r: SyscallRuleAst): WrittenSyscallRule {
  return {
    verb: r.verb,
    text: r.text,
    origin: originOf(r.span, r.text),
    targets: r.targets.map((t) => ({ kind: t.value.kind, name: t.value.name, origin: originOf(t.span, t.value.kind === 'group' ? `@${t.value.name}` : t.value.name) })),
    conditions: r.conditions.map((c) => ({
      index: c.index,
      op: c.op,
      text: c.text,
      values: c.values.map((v) => ({ text: valueText(v.value), number: argValueNumber(v.value) ?? null, origin: originOf(v.span, valueText(v.value)) })),
      origin: originOf(c.span, c.text),
    })),
  };
}

/** The decisions of resolveSyscalls, one per distinct decision (a group's names share one). */
function decisions(w: WorkloadAst, arches: readonly Arch[], index: ReadonlyMap<SyscallRuleAst, number>): SyscallDecision[] {
  const byGrant = new Map<Grant, string[]>();
  for (const [name, g] of resolveSyscalls(w, arches)) {
    const names = byGrant.get(g);
    if (names) names.push(name);
    else byGrant.set(g, [name]);
  }
  // resolveSyscalls gives names in order, so each list is sorted.
  return [...byGrant].map(([g, names]) => ({ names, verb: g.verb, rules: g.rules.map((r) => index.get(r)!), carves: g.carves.map((r) => index.get(r)!), explicit: g.explicit, baseline: g.baseline })).sort((a, b) => cmp(a.names[0]!, b.names[0]!));
}

/** The provenance of a checked workload's IR, for the target architectures `arches`. */
export function lowerProvenance(w: WorkloadAst, arches: readonly Arch[]): Provenance {
  const index = new Map(w.syscalls.rules.map((r, i) => [r, i]));
  const ignores: LintIgnore[] = w.lint.ignores.map((ig) => ({ rule: ig.rule.value, subject: ig.subject?.value ?? null, reason: ig.reason?.value ?? null, origin: originOf(ig.span, `ignore ${ig.rule.value}`) }));
  return { settings: settings(w), syscallRules: w.syscalls.rules.map(writtenRule), syscalls: decisions(w, arches, index), ignores };
}
