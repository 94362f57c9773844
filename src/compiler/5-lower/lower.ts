/**
 * Phase 5: a checked, merged workload → the IR. Everything is resolved here: defaults filled in,
 * names canonical, sizes in bytes, groups expanded per architecture, every list sorted. Lowering
 * assumes the checks passed; an inconsistency it still meets is a compiler bug and throws.
 */
import type { ActionAst, SyscallRuleAst, WorkloadAst } from '../ast.js';
import { canonicalCapability } from '../data/capabilities.js';
import { syscallExists } from '../data/syscall-table.js';
import { resolveErrno } from '../data/errno.js';
import { COMPANION_OF, targetArches } from '../data/arches.js';
import { DEFAULTS } from '../data/defaults.js';
import { resolveSyscalls } from '../syscall-rules.js';
import { filterContext, syscallPieces } from '../syscall-filter.js';
import { alternativeKey } from '../seccomp-conditions.js';
import { networkGrants } from '../network-grants.js';
import { lowerProvenance, originOf } from './provenance.js';
import {
  IR_VERSION,
  type Arch,
  type DataMount,
  type IdMapping,
  type Origin,
  type PathRule,
  type PolicyIR,
  type PortMapping,
  type RuntimeName,
  type SeccompAction,
  type SeccompArg,
  type SeccompRule,
  type TmpfsMount,
} from '../ir.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const normPath = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

export { originOf };

/** Lowers a checked workload. `sourceFile` is the policy's name as the user gave it. */
export function lower(w: WorkloadAst, sourceFile: string): PolicyIR {
  const arches = targetArches(w);
  const nnp = w.noNewPrivileges?.value ?? DEFAULTS.noNewPrivileges;
  const user = w.user?.value ?? DEFAULTS.user;
  return {
    irVersion: IR_VERSION,
    name: w.name.value,
    sourceFile,
    image: w.image!.value,
    entrypoint: w.entrypoint ? [...w.entrypoint.value] : null,
    command: w.command ? [...w.command.value] : null,
    workdir: w.workdir ? normPath(w.workdir.value) : null,
    env: w.env.map((e) => ({ name: e.name.value, value: e.value.value })).sort((a, b) => cmp(a.name, b.name)),
    hostname: w.hostname?.value ?? null,
    user: { uid: user.uid, gid: user.gid, additionalGids: [...new Set(w.groups.map((g) => g.value))].sort((a, b) => a - b) },
    noNewPrivileges: nnp,
    capabilities: [...new Set(w.capabilities.add.map((c) => canonicalCapability(c.value)!))].sort(cmp),
    network: lowerNetwork(w),
    filesystem: lowerFilesystem(w, sourceFile),
    namespaces: {
      network: w.network.mode?.value === 'host' ? 'host' : 'private',
      pid: w.namespaces.pid?.value === 'host' ? 'host' : 'private',
      ipc: (w.namespaces.ipc?.value as 'private' | 'shareable' | 'host' | undefined) ?? 'private',
      uts: w.namespaces.uts?.value === 'host' ? 'host' : 'private',
      user: w.namespaces.user?.value === 'private' ? 'private' : 'host',
      cgroup: w.namespaces.cgroup?.value === 'host' ? 'host' : 'private',
      ...lowerIdMaps(w),
    },
    sysctls: w.sysctls.map((s) => ({ name: s.name.value, value: s.value.value })).sort((a, b) => cmp(a.name, b.name)),
    limits: lowerLimits(w),
    seccomp: {
      defaultAction: action(w.syscalls.defaultAction?.value ?? null, { kind: 'errno', errno: DEFAULTS.errno }),
      architectures: arches,
      primaryArches: arches.filter((a) => COMPANION_OF[a] === undefined),
      rules: lowerSyscalls(w, arches, sourceFile),
    },
    apparmor: { profileName: w.apparmorProfile?.value ?? `${DEFAULTS.apparmorPrefix}${w.name.value}` },
    selinux: {
      disabled: w.selinux?.disable !== null && w.selinux?.disable !== undefined,
      user: w.selinux?.user?.value ?? null,
      role: w.selinux?.role?.value ?? null,
      type: w.selinux?.type?.value ?? null,
      level: w.selinux?.level?.value ?? null,
    },
    // No runtime written: the engine's configured default, which may be a sandbox a host chose.
    runtime: { name: (w.runtime?.value as RuntimeName | undefined) ?? null, untrusted: w.untrusted?.value ?? false },
    provenance: lowerProvenance(w, arches),
  };
}

function lowerNetwork(w: WorkloadAst): PolicyIR['network'] {
  const ports: PortMapping[] = w.network.publish
    .map((p) => ({ hostIp: p.hostIp?.value ?? null, hostPort: p.hostPort?.value ?? null, containerPort: p.containerPort.value, protocol: p.protocol.value, origin: originOf(p.span, 'publish') }))
    .sort((a, b) => a.containerPort - b.containerPort || cmp(a.protocol, b.protocol) || cmp(a.hostIp ?? '', b.hostIp ?? '') || (a.hostPort ?? 0) - (b.hostPort ?? 0));
  const grants = networkGrants(w);
  const declared = w.network.mode?.value;
  // `join` and `mode` exclude each other (a check); names are distinct (a check).
  const joined = w.network.joins.map((j) => ({ name: j.name.value, internal: j.internal !== null, origin: originOf(j.span, j.internal ? 'join internal' : 'join') })).sort((a, b) => cmp(a.name, b.name));
  const mode: PolicyIR['network']['mode'] =
    joined.length > 0
      ? { kind: 'networks', networks: joined }
      : declared === undefined
        ? ports.length > 0 || grants.some((g) => g.family !== 'unix')
          ? { kind: 'bridge' }
          : { kind: 'none' }
        : declared === 'none' || declared === 'bridge' || declared === 'host'
          ? { kind: declared }
          : { kind: 'named', name: declared };
  return { mode, ports, grants };
}

/** The IPC paths the engines mount writable for everyone, which a policy must declare to write. */
const IPC_PATHS = ['/dev/mqueue', '/dev/shm'] as const;

function lowerFilesystem(w: WorkloadAst, sourceFile: string): PolicyIR['filesystem'] {
  const rootReadonly = w.filesystem.root ? w.filesystem.root.value === 'readonly' : DEFAULTS.rootReadonly;
  const user = w.user?.value ?? DEFAULTS.user;
  const owner = user.uid === 0 ? null : { uid: user.uid, gid: user.gid };
  const own: TmpfsMount[] = w.filesystem.tmpfs.map((t) => ({
    target: normPath(t.target.value),
    sizeBytes: t.size?.value ?? DEFAULTS.tmpfsSize,
    options: (['nodev', ...(t.exec ? [] : ['noexec']), 'nosuid', ...(t.readonly ? ['ro'] : [])] as TmpfsMount['options'][number][]).sort(cmp),
    mode: t.mode?.value ?? null,
    owner: t.readonly ? null : owner,
    origin: originOf(t.span, `tmpfs ${t.target.value}`),
  }));
  // /dev/shm and /dev/mqueue read-only unless declared; a shared IPC namespace shares them on purpose.
  const declared = [...own.map((t) => t.target), ...w.filesystem.mounts.map((m) => normPath(m.target.value))];
  const near = (a: string, b: string): boolean => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  const sharedIpc = w.namespaces.ipc?.value === 'host' || w.namespaces.ipc?.value === 'shareable';
  const ipc: TmpfsMount[] = sharedIpc
    ? []
    : IPC_PATHS.filter((p) => !declared.some((d) => near(d, p))).map((target) => ({
        target,
        sizeBytes: DEFAULTS.readonlyTmpfsSize,
        options: ['nodev', 'noexec', 'nosuid', 'ro'],
        mode: null,
        owner: null,
        origin: { file: sourceFile, line: 0, column: 0, endLine: 0, endColumn: 0, what: `default: ${target} is read-only (the policy does not declare it)` },
      }));
  const tmpfs = [...own, ...ipc].sort((a, b) => cmp(a.target, b.target));
  const mounts: DataMount[] = w.filesystem.mounts
    .map((m) => ({
      kind: m.kind,
      source: m.kind === 'bind' ? normPath(m.source.value) : m.source.value,
      target: normPath(m.target.value),
      readonly: m.readonly,
      // Only when asked for, so the IR of a policy without relabelling keeps its shape.
      ...(m.relabel ? { relabel: m.relabel.value as 'shared' | 'private' } : {}),
      origin: originOf(m.span, `${m.kind} ${m.source.value} -> ${m.target.value}`),
    }))
    .sort((a, b) => cmp(a.target, b.target));
  const rank = { read: 0, write: 1, exec: 2, deny: 3 } as const;
  const seen = new Set<string>();
  const paths: PathRule[] = [];
  for (const p of w.filesystem.paths) {
    const path = normPath(p.path.value);
    const key = `${p.access} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    paths.push({ path, access: p.access, origin: originOf(p.path.span, p.text) });
  }
  paths.sort((a, b) => rank[a.access] - rank[b.access] || cmp(a.path, b.path));
  const writable = new Set<string>([
    ...tmpfs.filter((t) => !t.options.includes('ro')).map((t) => t.target),
    ...mounts.filter((m) => !m.readonly).map((m) => m.target),
    ...paths.filter((p) => p.access === 'write').map((p) => p.path),
    ...(rootReadonly ? [] : ['/']),
  ]);
  return {
    rootReadonly,
    tmpfs,
    mounts,
    paths,
    readRestricted: paths.some((p) => p.access === 'read'),
    execRestricted: paths.some((p) => p.access === 'exec'),
    writablePaths: [...writable].sort(cmp),
  };
}

/** The user namespace's mappings, sorted; gid mappings default to the uid mappings. None without a user namespace. */
function lowerIdMaps(w: WorkloadAst): Pick<PolicyIR['namespaces'], 'uidMappings' | 'gidMappings'> {
  if (w.namespaces.user?.value !== 'private') return { uidMappings: [], gidMappings: [] };
  const ranges = (maps: WorkloadAst['idMaps']['uid']): IdMapping[] =>
    maps.map((m) => ({ containerId: m.containerId.value, hostId: m.hostId.value, size: m.size.value })).sort((a, b) => a.containerId - b.containerId);
  const uid = ranges(w.idMaps.uid);
  return { uidMappings: uid, gidMappings: w.idMaps.gid.length > 0 ? ranges(w.idMaps.gid) : uid };
}

function lowerLimits(w: WorkloadAst): PolicyIR['limits'] {
  const l = w.limits;
  const memory = l.memory ? l.memory.value : DEFAULTS.memory;
  const swap = l.memorySwap ? l.memorySwap.value : memory;
  const ulimits = new Map<string, { name: string; soft: number; hard: number }>();
  for (const u of DEFAULTS.ulimits) ulimits.set(u.name, { ...u });
  for (const u of l.ulimits) ulimits.set(u.name.value, { name: u.name.value, soft: u.soft, hard: u.hard });
  return {
    memoryBytes: memory,
    memorySwapBytes: memory === null ? null : swap,
    memoryReservationBytes: l.memoryReservation?.value ?? null,
    milliCpus: l.cpus ? l.cpus.value : DEFAULTS.milliCpus,
    cpuShares: l.cpuShares?.value ?? null,
    pids: l.pids ? l.pids.value : DEFAULTS.pids,
    ulimits: [...ulimits.values()].sort((a, b) => cmp(a.name, b.name)),
  };
}

function action(a: ActionAst | null, fallback: SeccompAction): SeccompAction {
  if (!a) return fallback;
  if (a.kind === 'errno') {
    const n = resolveErrno(a.errno.value);
    if (n === undefined) throw new Error(`errno ${a.errno.value} was not checked`);
    return { kind: 'errno', errno: n };
  }
  return { kind: a.kind };
}

const ACTION_RANK: Readonly<Record<SeccompAction['kind'], number>> = { allow: 0, log: 1, errno: 2, trap: 3, kill: 4 };

function lowerSyscalls(w: WorkloadAst, arches: readonly Arch[], sourceFile: string): SeccompRule[] {
  const grants = resolveSyscalls(w, arches);
  const ctx = filterContext(w);
  type Pending = { action: SeccompAction; args: SeccompArg[]; origin: Origin; condition: string | null; names: string[] };
  const pending = new Map<string, Pending>();
  // One rule of the filter per (policy rule, action, conditions, set of architectures the names exist on).
  const put = (source: string, name: string, act: SeccompAction, args: readonly SeccompArg[], origin: Origin, condition: string | null): void => {
    let mask = 0;
    for (let i = 0; i < arches.length; i++) if (syscallExists(name, arches[i]!)) mask |= 1 << i;
    const key = `${source}|${mask}|${act.kind}${act.kind === 'errno' ? act.errno : ''}|${alternativeKey(args)}|${condition ?? ''}`;
    const p = pending.get(key);
    if (p) p.names.push(name);
    else pending.set(key, { action: act, args: [...args], origin, condition, names: [name] });
  };
  // Each policy rule's origin and id, computed once however many syscalls it names.
  const ids = new Map<SyscallRuleAst, number>();
  const origins = new Map<string, Origin>();
  const originFor = (rule: SyscallRuleAst, restricted: boolean): { id: string; origin: Origin } => {
    let n = ids.get(rule);
    if (n === undefined) ids.set(rule, (n = ids.size));
    const id = `${n}${restricted ? 'r' : ''}`;
    let o = origins.get(id);
    // `clone` reached without a condition cannot create namespaces, as in Docker's default profile.
    if (!o) origins.set(id, (o = originOf(rule.span, restricted ? `${rule.text} (clone without namespace flags)` : rule.text)));
    return { id, origin: o };
  };
  const baselineOrigin: Origin = { file: sourceFile, line: 0, column: 0, endLine: 0, endColumn: 0, what: `baseline: what the runtime needs to start the workload${w.noNewPrivileges?.value === false ? ' (without no-new-privileges)' : ''}` };
  for (const [name, g] of grants) {
    const r = syscallPieces(name, g, ctx);
    if (!r.ok) throw new Error(`the conditions of \`${r.rule.text}\` were not checked: ${r.reason}`);
    for (const piece of r.pieces) {
      if (piece.rule === null) put('baseline', name, piece.action, piece.args, baselineOrigin, null);
      else {
        const { id, origin } = originFor(piece.rule, piece.restricted);
        put(id, name, piece.action, piece.args, origin, piece.condition);
      }
    }
  }
  // clone3 passes its flags in memory seccomp cannot read: it fails with ENOSYS, whatever the default
  // action, so that libc falls back to clone, whose flags the filter sees.
  if (!grants.has('clone3') && arches.some((a) => syscallExists('clone3', a)))
    put('clone3', 'clone3', { kind: 'errno', errno: DEFAULTS.clone3Errno }, [], { file: sourceFile, line: 0, column: 0, endLine: 0, endColumn: 0, what: 'clone3 fails with ENOSYS so that libc falls back to clone' }, null);
  const rules: SeccompRule[] = [...pending.values()].map((p) => {
    const names = p.names.sort(cmp);
    return { names, action: p.action, args: p.args, arches: arches.filter((a) => syscallExists(names[0]!, a)), origin: p.origin, ...(p.condition !== null ? { condition: p.condition } : {}) };
  });
  return rules.sort(
    (a, b) =>
      ACTION_RANK[a.action.kind] - ACTION_RANK[b.action.kind] ||
      (a.args.length > 0 ? 1 : 0) - (b.args.length > 0 ? 1 : 0) ||
      cmp(a.names[0]!, b.names[0]!) ||
      cmp(JSON.stringify(a.args), JSON.stringify(b.args)) ||
      cmp(JSON.stringify(a.arches), JSON.stringify(b.arches)) ||
      cmp(JSON.stringify(a.action), JSON.stringify(b.action)),
  );
}
