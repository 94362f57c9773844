/**
 * `secpol explain`: why a compiled policy allows (or refuses) a syscall, a capability or a path, as
 * the chain from the emitted rule back to the statement, the syscall group, the preset or base policy
 * that produced it, and the `extends` that brought that base in. Pure: the CLI compiles and prints.
 * The syscall answer follows the compiler's own precedence (src/compiler/syscall-rules.ts) and the
 * IR's rules, so what is explained is what the artifacts enforce.
 */
import type { CompileResult } from '../compiler/compile.js';
import { CAPABILITIES, canonicalCapability } from '../compiler/data/capabilities.js';
import { errnoName } from '../compiler/data/errno.js';
import { ALL_SYSCALL_NAMES, syscallExists } from '../compiler/data/syscall-table.js';
import { suggest } from '../compiler/diagnostics/suggest.js';
import { compareConditions, conditionPhrase, conditionText, idMapText, networkModeText, selinuxText } from '../compiler/ir-text.js';
import type { Origin, PolicyIR, SeccompAction, SeccompRule, WrittenSyscallRule } from '../compiler/ir.js';
import { capabilityGrants, defaultAllows, permits, groupsMentioning, namesDirectly, pathStatus, rulesMentioning, settingOrigin, settingOrigins, syscallDecision } from '../compiler/ir-query.js';
import type { Span } from '../compiler/source.js';
import { groupSyscalls } from '../compiler/syscall-rules.js';

/** A place a statement is written: the policy's own file, a base, or a preset (reached through `extends`). */
export interface Place {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly preset: string | null;
}

/** A statement that takes part in an answer, and its part: it decides, adds to, carves from, or lost to another. */
export interface StatementRef {
  readonly role: string;
  readonly statement: string;
  readonly at: Place | null;
}

/**
 * An answer: the text `secpol explain` prints, and the same facts for programs (`--format json`):
 * `answer.decision` is the verdict, `answer.statements` what decides it.
 */
export type Explanation =
  | { readonly ok: true; readonly text: string; readonly answer: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly message: string; readonly help: string };

/** What was asked. */
export type Question = { readonly kind: 'syscall' | 'capability' | 'path'; readonly name: string } | { readonly kind: 'summary' };

const isPreset = (f: string): boolean => f.startsWith('<preset:');
const presetName = (f: string): string => f.slice('<preset:'.length, -1);

/** `file:line:col` of a span. */
function here(span: Span): string {
  const p = span.file.position(span.start);
  return `${span.file.name}:${p.line}:${p.column}`;
}

/** The source text of a span's line, trimmed, for quoting a statement. */
function statementText(span: Span): string {
  const p = span.file.position(span.start);
  return span.file.lineText(p.line).trim().replace(/\s*#.*$/, '');
}

/** How a file relates to the policy asked about: `` ← `extends …` at FILE:L:C `` up to the policy itself. */
function chain(result: CompileResult, file: string): string {
  const out: string[] = [];
  let at = file;
  for (let guard = 0; guard < 32; guard++) {
    const link = result.bases.find((b) => b.file === at);
    if (!link) break;
    out.push(`← \`${statementText(link.via)}\` at ${here(link.via)}`);
    at = link.via.file.name;
  }
  return out.join(' ');
}

/** Where a statement is: `(FILE:L:C)`, or `(preset \`NAME\`, <preset:NAME>:L:C)`, then its extends chain; line 0, something secpol adds itself, says what. */
function placedOrigin(result: CompileResult, o: Origin): string {
  if (o.line === 0) return `(${o.what})`;
  const f = o.file;
  const where = isPreset(f) ? `preset \`${presetName(f)}\`, ${f}:${o.line}:${o.column}` : `${f}:${o.line}:${o.column}`;
  const c = chain(result, f);
  return `(${where})${c ? ` ${c}` : ''}`;
}

/** The place of a span, for programs. */
function placeOf(span: Span): Place {
  const p = span.file.position(span.start);
  const f = span.file.name;
  return { file: f, line: p.line, column: p.column, preset: isPreset(f) ? presetName(f) : null };
}

/** The place of an IR origin (null for what secpol adds itself). */
function placeOfOrigin(o: Origin): Place | null {
  return o.line === 0 ? null : { file: o.file, line: o.line, column: o.column, preset: isPreset(o.file) ? presetName(o.file) : null };
}

const ref = (role: string, statement: string, at: Place | null): StatementRef => ({ role, statement, at });

function actionText(a: SeccompAction): string {
  if (a.kind === 'errno') return `errno ${errnoName(a.errno) ?? a.errno}`;
  return a.kind;
}


// ── syscalls ─────────────────────────────────────────────────────────────────────────────────────

/** The part of a statement that mentions `name`: the name itself, or the groups that contain it. */
function via(rule: WrittenSyscallRule, name: string): string {
  if (namesDirectly(rule, name)) return `\`${rule.text}\``;
  const groups = groupsMentioning(rule, name).map((g) => `\`@${g}\``);
  return `group ${groups.join(', ')} in \`${rule.text}\``;
}

function explainSyscall(result: CompileResult, ir: PolicyIR, input: string): Explanation {
  const name = input.toLowerCase();
  if (!ALL_SYSCALL_NAMES.includes(name)) {
    const guess = suggest(input, ALL_SYSCALL_NAMES);
    const asCap = canonicalCapability(input);
    return { ok: false, message: `unknown syscall \`${input}\``, help: asCap ? `\`${input}\` is a capability: \`--capability ${input}\`` : guess ? `did you mean \`${guess}\`?` : 'syscall names are those of the kernel, such as `openat` or `clone`' };
  }
  const arches = ir.seccomp.architectures;
  const on = arches.filter((a) => syscallExists(name, a));
  if (on.length === 0)
    return { ok: true, text: `\`${name}\` does not exist on the policy's architectures (${arches.join(', ')}): the filter never sees it.\n`, answer: { kind: 'syscall', name, decision: 'absent', architectures: arches, absentOn: arches, decidedBy: 'kernel', statements: [], emitted: [] } };
  const rules = ir.seccomp.rules.filter((r) => r.names.includes(name));
  // In reading order: the filter's own order sorts conditions as text (10 before 2).
  const allowing = rules.filter((r) => permits(r.action)).sort((a, b) => compareConditions(a.args, b.args));
  const refusing = rules.filter((r) => !allowing.includes(r));
  const decided = syscallDecision(ir, name);
  const grant = decided && { rules: decided.rules, carves: decided.carves, baseline: decided.decision.baseline };
  const lines: string[] = [];
  const missing = arches.filter((a) => !on.includes(a));
  const archNote = missing.length > 0 ? ` (it does not exist on ${missing.join(', ')})` : '';
  const conds = (r: SeccompRule): string => (r.args.length > 0 ? ` ${conditionPhrase('when', [r.condition ?? conditionText(r.args)])}` : '');
  // One line per condition as the policy means it: a comparison on a 32-bit argument is many rules.
  const statements: StatementRef[] = [];
  let decidedBy = 'statement';
  const emittedJson = (rs: readonly SeccompRule[]) => rs.map((r) => ({ action: actionText(r.action), condition: r.args.length > 0 ? (r.condition ?? conditionText(r.args)) : null, architectures: r.arches }));
  const emitted = (rs: readonly SeccompRule[]): string[] => {
    const lines = new Map<string, number>();
    for (const r of rs) {
      const line = `${actionText(r.action)}${conds(r)}${r.arches.length < arches.length ? ` on ${r.arches.join(', ')}` : ''}`;
      lines.set(line, (lines.get(line) ?? 0) + 1);
    }
    return [...lines].map(([line, n]) => `  emitted: ${line}${n > 1 ? ` (${n} seccomp rules)` : ''}`);
  };

  if (grant && !grant.baseline) {
    const verb = allowing.length > 0 ? 'allowed' : 'refused';
    const [first, ...more] = grant.rules.length > 0 ? grant.rules : grant.carves;
    const excepted = grant.rules.length > 0 && grant.carves.length > 0 && allowing.length > 0 ? ', except where a deny says otherwise' : '';
    lines.push(`\`${name}\` is ${verb}${excepted}${archNote}: ${via(first!, name)} ${placedOrigin(result, first!.origin)}`);
    statements.push(ref('decides', first!.text, placeOfOrigin(first!.origin)));
    for (const r of more) {
      lines.push(`  also: ${via(r, name)} ${placedOrigin(result, r.origin)}`);
      statements.push(ref('also', r.text, placeOfOrigin(r.origin)));
    }
    if (grant.rules.length > 0)
      for (const r of grant.carves) {
        lines.push(`  except: ${via(r, name)} ${placedOrigin(result, r.origin)}`);
        statements.push(ref('except', r.text, placeOfOrigin(r.origin)));
      }
    lines.push(...emitted(allowing), ...emitted(refusing));
    if (name === 'clone' && allowing.some((r) => r.condition?.includes('no namespace flags')))
      lines.push('  note: secpol allows `clone` only without namespace flags unless the rule writes its own condition (or `allow clone unrestricted`, warned)');
    // The statements that mention the syscall but lost to the ones above (a child overriding its base, a name over a group).
    const losers = rulesMentioning(ir, name).filter((r) => !grant.rules.includes(r) && !grant.carves.includes(r));
    for (const r of losers) {
      lines.push(`  overrides: ${via(r, name)} ${placedOrigin(result, r.origin)}`);
      statements.push(ref('overridden', r.text, placeOfOrigin(r.origin)));
    }
  } else if (grant?.baseline) {
    decidedBy = 'baseline';
    lines.push(`\`${name}\` is allowed${archNote}: the runtime baseline, what runc needs to start the workload (${ir.noNewPrivileges ? 'RUNTIME_BASELINE_NNP' : 'RUNTIME_BASELINE_NO_NNP'} in src/compiler/data/syscall-groups.ts)`);
    lines.push('  help: `syscalls { baseline off }` removes the baseline; the workload must then allow what its start needs');
  } else if (rules.length > 0) {
    decidedBy = 'secpol';
    // Something secpol adds itself, such as clone3 → ENOSYS.
    for (const r of rules) lines.push(`\`${name}\` is ${allowing.includes(r) ? 'allowed' : 'refused'}${archNote}: ${actionText(r.action)}${conds(r)} (${r.origin.what})`);
  } else {
    decidedBy = 'default';
    const d = settingOrigin(ir, 'syscalls.default');
    if (d) statements.push(ref('default', d.what, placeOfOrigin(d)));
    const where = d ? placedOrigin(result, d) : "(secpol's default)";
    const allows = defaultAllows(ir);
    lines.push(`\`${name}\` is ${allows ? 'allowed' : 'not allowed'}${archNote}: no rule names it, so the default action \`${actionText(ir.seccomp.defaultAction)}\` applies ${where}`);
    if (!allows) {
      const groups = ['file-io', 'file-meta', 'network-client', 'network-server', 'process', 'signals', 'timers', 'memory', 'sync', 'events', 'identity', 'set-identity', 'system-info', 'async-io', 'ipc'].filter((g) => groupSyscalls(g)?.includes(name));
      lines.push(groups.length > 0 ? `  help: \`allow @${groups[0]}\` or \`allow ${name}\` in \`syscalls { … }\` would allow it` : `  help: no group contains it; \`allow ${name}\` in \`syscalls { … }\` would allow it`);
    }
  }
  const decision = allowing.length > 0 || (decidedBy === 'default' && (defaultAllows(ir))) ? 'allowed' : 'refused';
  const conditional = decision === 'allowed' && decidedBy !== 'default' && (refusing.length > 0 || allowing.every((r) => r.args.length > 0));
  return {
    ok: true,
    text: lines.join('\n') + '\n',
    answer: { kind: 'syscall', name, decision, conditional, architectures: arches, absentOn: missing, decidedBy, statements, emitted: emittedJson([...allowing, ...refusing]) },
  };
}

// ── capabilities ─────────────────────────────────────────────────────────────────────────────────

function explainCapability(result: CompileResult, ir: PolicyIR, input: string): Explanation {
  const cap = canonicalCapability(input);
  if (!cap) {
    const names = CAPABILITIES.map((c) => c.name);
    const guess = suggest(input, names);
    const asSyscall = ALL_SYSCALL_NAMES.includes(input.toLowerCase());
    return { ok: false, message: `unknown capability \`${input}\``, help: asSyscall ? `\`${input}\` is a syscall: \`--syscall ${input}\`` : guess ? `did you mean \`${guess.replace(/^CAP_/, '')}\`?` : 'capabilities are those of capabilities(7), such as NET_BIND_SERVICE' };
  }
  const short = cap.replace(/^CAP_/, '');
  const lines: string[] = [];
  const statements: StatementRef[] = [];
  const granted = ir.capabilities.includes(cap);
  if (granted) {
    const adds = capabilityGrants(ir, cap);
    for (const a of adds) statements.push(ref('add', a.what, placeOfOrigin(a)));
    lines.push(`\`${cap}\` is granted: ${adds.map((a) => `\`${a.what}\` ${placedOrigin(result, a)}`).join('; ')}`);
    if (ir.user.uid !== 0) lines.push(`  note: the workload runs as uid ${ir.user.uid}, so the capability takes effect only through file capabilities on its binary (SPL105)`);
  } else {
    const drops = settingOrigins(ir, 'capabilities.drop', cap);
    const last = drops[drops.length - 1];
    if (last) {
      statements.push(ref('drop', last.what, placeOfOrigin(last)));
      lines.push(`\`${cap}\` is not granted: \`${last.what}\` ${placedOrigin(result, last)} removes it`);
    } else lines.push(`\`${cap}\` is not granted: every capability not added is dropped, from every set (secpol's default)`);
    lines.push(`  help: \`capabilities { add ${short} }\` would grant it`);
  }
  return { ok: true, text: lines.join('\n') + '\n', answer: { kind: 'capability', name: cap, decision: granted ? 'granted' : 'not granted', statements, effectiveAsUser: !granted || ir.user.uid === 0 } };
}

// ── paths ────────────────────────────────────────────────────────────────────────────────────────

export { pathMatches } from '../compiler/ir-query.js';

function explainPath(result: CompileResult, ir: PolicyIR, input: string): Explanation {
  if (!input.startsWith('/')) return { ok: false, message: `path \`${input}\` is not absolute`, help: 'paths are inside the container and start with `/`, e.g. `--path /tmp/cache`' };
  const path = input.length > 1 ? input.replace(/\/+$/, '') : input;
  const fs = ir.filesystem;
  const st = pathStatus(ir, path);
  const lines: string[] = [`\`${path}\` in workload \`${ir.name}\`:`];
  /** Per access, for programs: allowed or not, and the statements that say so. */
  const access: Record<'write' | 'read' | 'exec', { allowed: boolean; statements: StatementRef[] }> = { write: { allowed: false, statements: [] }, read: { allowed: false, statements: [] }, exec: { allowed: false, statements: [] } };
  const deniedBy = st.denies.map((d) => ref('deny', d.origin.what, placeOfOrigin(d.origin)));
  for (const d of st.denies) lines.push(`  refused: \`${d.origin.what}\` ${placedOrigin(result, d.origin)}: a deny rule wins over every allow in the AppArmor profile`);
  const refused = st.denies.length > 0;

  // Writes: a writable tmpfs or mount covering the path, a `write` rule, or a writable root.
  const writers: string[] = [];
  const writerRefs: StatementRef[] = [];
  const onMount = st.mount;
  if (onMount) {
    const what = 'options' in onMount ? `tmpfs ${onMount.target}` : onMount.origin.what;
    if (!st.mountReadonly) {
      writers.push(`\`${what}\` ${placedOrigin(result, onMount.origin)}`);
      writerRefs.push(ref('mount', what, placeOfOrigin(onMount.origin)));
    } else lines.push(`  mounted read-only: \`${what}\` ${placedOrigin(result, onMount.origin)}`);
  }
  for (const p of st.writeRules) {
    writers.push(`\`${p.origin.what}\` ${placedOrigin(result, p.origin)}`);
    writerRefs.push(ref('write', p.origin.what, placeOfOrigin(p.origin)));
  }
  const root = st.rootOrigin;
  if (st.onWritableRoot) {
    writers.push(`\`root writable\` ${root ? placedOrigin(result, root) : ''}`.trim());
    writerRefs.push(ref('root', 'root writable', root ? placeOfOrigin(root) : null));
  }
  access.write = { allowed: writers.length > 0 && !refused, statements: writerRefs };
  if (writers.length > 0) lines.push(`  write: ${refused ? 'refused (denied above), though' : 'allowed by'} ${writers.join('; ')}`);
  else
    lines.push(
      `  write: not allowed: ${onMount ? 'the mount is read-only' : `the root file system is read-only ${root ? placedOrigin(result, root) : "(secpol's default)"}`} and no \`write\` rule, tmpfs or volume covers it`,
    );

  // Reads: broad unless `read` rules narrow them; writable paths stay readable.
  const readers = st.readRules;
  access.read = { allowed: !refused && (!fs.readRestricted || readers.length > 0 || writers.length > 0), statements: readers.map((p) => ref('read', p.origin.what, placeOfOrigin(p.origin))) };
  if (refused) lines.push('  read: refused (denied above)');
  else if (!fs.readRestricted) lines.push('  read: allowed: reads are not narrowed (the policy has no `read` rules)');
  else if (readers.length > 0) lines.push(`  read: allowed by ${readers.map((p) => `\`${p.origin.what}\` ${placedOrigin(result, p.origin)}`).join('; ')}`);
  else if (writers.length > 0) lines.push('  read: allowed: a writable path is readable too');
  else lines.push(`  read: not allowed: \`read\` rules narrow reads and none matches (${fs.paths.filter((p) => p.access === 'read').map((p) => `\`${p.path}\``).join(', ')})`);

  // Execution: broad unless `exec` rules narrow it; a tmpfs is noexec unless it says `exec`.
  const execs = st.execRules;
  const tmpfs = st.tmpfs;
  const noexec = st.noexec && tmpfs !== undefined;
  access.exec = { allowed: !refused && !noexec && (!fs.execRestricted || execs.length > 0), statements: noexec ? [ref('tmpfs', `tmpfs ${tmpfs.target}`, placeOfOrigin(tmpfs.origin))] : execs.map((p) => ref('exec', p.origin.what, placeOfOrigin(p.origin))) };
  if (refused) lines.push('  exec: refused (denied above)');
  else if (noexec) lines.push(`  exec: not allowed: \`tmpfs ${tmpfs.target}\` ${placedOrigin(result, tmpfs.origin)} is mounted noexec`);
  else if (!fs.execRestricted) lines.push('  exec: allowed: execution is not narrowed (the policy has no `exec` rules)');
  else if (execs.length > 0) lines.push(`  exec: allowed by ${execs.map((p) => `\`${p.origin.what}\` ${placedOrigin(result, p.origin)}`).join('; ')}`);
  else lines.push('  exec: not allowed: `exec` rules narrow execution and none matches');
  return { ok: true, text: lines.join('\n') + '\n', answer: { kind: 'path', name: path, refused, deniedBy, readNarrowed: fs.readRestricted, execNarrowed: fs.execRestricted, ...access } };
}

// ── summary ──────────────────────────────────────────────────────────────────────────────────────

const MiB = 1024 * 1024;
const bytes = (n: number | null): string => (n === null ? 'unlimited' : n % (1024 * MiB) === 0 ? `${n / (1024 * MiB)}GiB` : n % MiB === 0 ? `${n / MiB}MiB` : `${n}B`);

function summary(result: CompileResult, ir: PolicyIR): Explanation {
  const written = ir.provenance.syscallRules;
  const allowed = new Set(ir.seccomp.rules.filter((r) => permits(r.action)).flatMap((r) => r.names));
  const conditional = new Set(ir.seccomp.rules.filter((r) => permits(r.action) && r.args.length > 0).flatMap((r) => r.names));
  const groups = [...new Set(written.filter((r) => r.verb === 'allow').flatMap((r) => r.targets.filter((t) => t.kind === 'group').map((t) => `@${t.name}`)))].sort();
  const named = [...new Set(written.filter((r) => r.verb === 'allow').flatMap((r) => r.targets.filter((t) => t.kind === 'name').map((t) => t.name)))].sort();
  const denied = [...new Set(written.filter((r) => r.verb === 'deny').flatMap((r) => r.targets.map((t) => (t.kind === 'group' ? `@${t.name}` : t.name))))].sort();
  const byDefault = settingOrigin(ir, 'user') === null;
  const ns = ir.namespaces;
  const l = ir.limits;
  const chainText = result.bases.map((b) => `${isPreset(b.file) ? `preset ${presetName(b.file)}` : b.file} (extended at ${here(b.via)})`);
  const lines = [
    `workload \`${ir.name}\` (${ir.sourceFile})${chainText.length > 0 ? `, extends ${chainText.join(', ')}` : ''}`,
    `  image:         ${ir.image}`,
    `  user:          ${ir.user.uid === 0 ? 'root (uid 0)' : `${ir.user.uid}:${ir.user.gid}`}${ir.user.additionalGids.length > 0 ? `, groups ${ir.user.additionalGids.join(', ')}` : ''}${byDefault ? " (secpol's default)" : ''}`,
    `  no-new-privs:  ${ir.noNewPrivileges ? 'on' : 'off'}`,
    `  confinement:   AppArmor ${ir.apparmor.profileName}; SELinux ${selinuxText(ir.selinux)}; runtime ${ir.runtime.name ?? "the engine's default"}${ir.runtime.untrusted ? ' (untrusted code)' : ''}`,
    `  capabilities:  ${ir.capabilities.length > 0 ? ir.capabilities.map((c) => c.replace(/^CAP_/, '')).join(', ') : 'none'}`,
    `  syscalls:      ${allowed.size} allowed (${conditional.size} under conditions) on ${ir.seccomp.architectures.join(', ')}; default ${actionText(ir.seccomp.defaultAction)}`,
    `    groups:      ${groups.length > 0 ? groups.join(', ') : 'none'}`,
    `    by name:     ${named.length > 0 ? named.join(', ') : 'none'}`,
    `    denied:      ${denied.length > 0 ? denied.join(', ') : 'none'}`,
    `  writable:      ${ir.filesystem.writablePaths.length > 0 ? ir.filesystem.writablePaths.join(', ') : 'nothing'}${ir.filesystem.rootReadonly ? ' (root read-only)' : ''}`,
    `  reads:         ${ir.filesystem.readRestricted ? ir.filesystem.paths.filter((p) => p.access === 'read').map((p) => p.path).join(', ') : 'not narrowed'}`,
    `  exec:          ${ir.filesystem.execRestricted ? ir.filesystem.paths.filter((p) => p.access === 'exec').map((p) => p.path).join(', ') : 'not narrowed'}`,
    `  denied paths:  ${ir.filesystem.paths.filter((p) => p.access === 'deny').map((p) => p.path).join(', ') || 'none'}`,
    `  network:       ${networkModeText(ir.network.mode)}${ir.network.grants.length > 0 ? `; sockets ${ir.network.grants.map((g) => (g.type ? `${g.family} ${g.type}` : g.family)).join(', ')}` : ''}`,
    `  ports:         ${ir.network.ports.length > 0 ? ir.network.ports.map((p) => `${p.hostIp ?? '*'}:${p.hostPort ?? '(ephemeral)'} -> ${p.containerPort}/${p.protocol}`).join(', ') : 'none'}`,
    `  namespaces:    network ${ns.network}, pid ${ns.pid}, ipc ${ns.ipc}, uts ${ns.uts}, cgroup ${ns.cgroup}, user ${ns.user}${ns.user === 'private' ? ` (uid map ${idMapText(ns.uidMappings)}; gid map ${idMapText(ns.gidMappings)})` : ''}`,
    `  limits:        memory ${bytes(l.memoryBytes)} (swap total ${bytes(l.memorySwapBytes)}), cpus ${l.milliCpus === null ? 'unlimited' : l.milliCpus / 1000}, pids ${l.pids ?? 'unlimited'}${l.ulimits.length > 0 ? `, ulimits ${l.ulimits.map((u) => `${u.name} ${u.soft}:${u.hard}`).join(', ')}` : ''}`,
  ];
  const answer = {
    kind: 'summary',
    workload: ir.name,
    file: ir.sourceFile,
    extends: result.bases.map((b) => ({ base: isPreset(b.file) ? `preset ${presetName(b.file)}` : b.file, at: placeOf(b.via) })),
    image: ir.image,
    user: { uid: ir.user.uid, gid: ir.user.gid, groups: ir.user.additionalGids, byDefault },
    noNewPrivileges: ir.noNewPrivileges,
    apparmor: ir.apparmor.profileName,
    selinux: selinuxText(ir.selinux),
    runtime: ir.runtime.name,
    untrusted: ir.runtime.untrusted,
    capabilities: ir.capabilities,
    syscalls: { allowed: allowed.size, conditional: conditional.size, architectures: ir.seccomp.architectures, defaultAction: actionText(ir.seccomp.defaultAction), groups, byName: named, denied },
    writable: ir.filesystem.writablePaths,
    rootReadonly: ir.filesystem.rootReadonly,
    reads: ir.filesystem.readRestricted ? ir.filesystem.paths.filter((p) => p.access === 'read').map((p) => p.path) : null,
    exec: ir.filesystem.execRestricted ? ir.filesystem.paths.filter((p) => p.access === 'exec').map((p) => p.path) : null,
    deniedPaths: ir.filesystem.paths.filter((p) => p.access === 'deny').map((p) => p.path),
    network: networkModeText(ir.network.mode),
    ports: ir.network.ports.map((p) => ({ hostIp: p.hostIp, hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol })),
    namespaces: { network: ns.network, pid: ns.pid, ipc: ns.ipc, uts: ns.uts, cgroup: ns.cgroup, user: ns.user },
    limits: { memoryBytes: l.memoryBytes, memorySwapBytes: l.memorySwapBytes, milliCpus: l.milliCpus, pids: l.pids, ulimits: l.ulimits.map((u) => ({ name: u.name, soft: u.soft, hard: u.hard })) },
  };
  return { ok: true, text: lines.join('\n') + '\n', answer };
}

/** Answers a question about a policy that compiled (`result.ir` set), from its IR. */
export function explain(result: CompileResult, q: Question): Explanation {
  const ir = result.ir!;
  if (q.kind === 'summary') return summary(result, ir);
  if (q.kind === 'syscall') return explainSyscall(result, ir, q.name);
  if (q.kind === 'capability') return explainCapability(result, ir, q.name);
  return explainPath(result, ir, q.name);
}
