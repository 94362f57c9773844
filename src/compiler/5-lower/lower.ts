/**
 * Phase 5: a checked, merged workload → the IR. Everything is resolved here: defaults filled in,
 * names canonical, sizes in bytes, groups expanded per architecture, every list sorted. Lowering
 * assumes the checks passed; an inconsistency it still meets is a compiler bug and throws.
 */
import type { ActionAst, ArgValue, SyscallRuleAst, WorkloadAst } from '../ast.js';
import { canonicalCapability } from '../data/capabilities.js';
import { constantValue } from '../data/constants.js';
import { syscallExists } from '../data/syscall-table.js';
import { resolveErrno } from '../4-check/checks/constants-are-known.js';
import { targetArches } from '../4-check/arches.js';
import { resolveSyscalls } from '../syscall-rules.js';
import type { Span } from '../source.js';
import {
  IR_VERSION,
  type Arch,
  type DataMount,
  type IdMapping,
  type NetworkGrant,
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
import { DEFAULTS } from './defaults.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const normPath = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** The place a span points at, as an IR origin. */
export function originOf(span: Span, what: string): Origin {
  const p = span.file.position(span.start);
  return { file: span.file.name, line: p.line, column: p.column, what };
}

/** Lowers a checked workload. `sourceFile` is the policy's name as the user gave it. */
export function lower(w: WorkloadAst, sourceFile: string): PolicyIR {
  const arches = targetArches(w);
  const nnp = w.noNewPrivileges?.value ?? true;
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
    filesystem: lowerFilesystem(w),
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
      primaryArches: arches.filter((a) => a === 'x86_64' || a === 'aarch64'),
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
  };
}

function lowerNetwork(w: WorkloadAst): PolicyIR['network'] {
  const ports: PortMapping[] = w.network.publish
    .map((p) => ({ hostIp: p.hostIp?.value ?? null, hostPort: p.hostPort?.value ?? null, containerPort: p.containerPort.value, protocol: p.protocol.value, origin: originOf(p.span, 'publish') }))
    .sort((a, b) => a.containerPort - b.containerPort || cmp(a.protocol, b.protocol) || cmp(a.hostIp ?? '', b.hostIp ?? '') || (a.hostPort ?? 0) - (b.hostPort ?? 0));
  const protocols = new Set(w.network.protocols.map((p) => p.value));
  for (const p of ports) protocols.add(p.protocol);
  const grants: NetworkGrant[] = [];
  const add = (family: NetworkGrant['family'], type: NetworkGrant['type']): void => {
    if (!grants.some((g) => g.family === family && g.type === type)) grants.push({ family, type });
  };
  for (const p of protocols) {
    if (p === 'tcp') (add('inet', 'stream'), add('inet6', 'stream'));
    else if (p === 'udp') (add('inet', 'dgram'), add('inet6', 'dgram'));
    else if (p === 'raw') (add('inet', 'raw'), add('inet6', 'raw'));
    else if (p === 'unix') add('unix', null);
    else if (p === 'netlink') add('netlink', null);
    else if (p === 'packet') add('packet', null);
  }
  const typeRank = (t: NetworkGrant['type']): string => (t === null ? '' : t);
  grants.sort((a, b) => cmp(a.family, b.family) || cmp(typeRank(a.type), typeRank(b.type)));
  const declared = w.network.mode?.value;
  // `join` and `mode` exclude each other (a check); names are distinct (a check).
  const joined = w.network.joins.map((j) => ({ name: j.name.value, internal: j.internal !== null, origin: originOf(j.span, j.internal ? 'join internal' : 'join') })).sort((a, b) => cmp(a.name, b.name));
  const mode: PolicyIR['network']['mode'] =
    joined.length > 0
      ? { kind: 'networks', networks: joined }
      : declared === undefined
        ? ports.length > 0 || [...protocols].some((p) => p !== 'unix')
          ? { kind: 'bridge' }
          : { kind: 'none' }
        : declared === 'none' || declared === 'bridge' || declared === 'host'
          ? { kind: declared }
          : { kind: 'named', name: declared };
  return { mode, ports, grants };
}

function lowerFilesystem(w: WorkloadAst): PolicyIR['filesystem'] {
  const rootReadonly = (w.filesystem.root?.value ?? 'readonly') === 'readonly';
  const tmpfs: TmpfsMount[] = w.filesystem.tmpfs
    .map((t) => ({
      target: normPath(t.target.value),
      sizeBytes: t.size?.value ?? DEFAULTS.tmpfsSize,
      options: (['nodev', ...(t.exec ? [] : ['noexec']), 'nosuid', ...(t.readonly ? ['ro'] : [])] as TmpfsMount['options'][number][]).sort(cmp),
      mode: t.mode?.value ?? null,
      origin: originOf(t.span, `tmpfs ${t.target.value}`),
    }))
    .sort((a, b) => cmp(a.target, b.target));
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

function argNumber(v: ArgValue): number {
  if (v.kind === 'number') return v.value;
  const n = constantValue(v.name);
  if (n === undefined) throw new Error(`constant ${v.name} was not checked`);
  return n;
}

/** The argument comparisons of a rule: `in` expands into one alternative per value (rules OR). */
function argAlternatives(rule: SyscallRuleAst): SeccompArg[][] {
  let alts: SeccompArg[][] = [[]];
  for (const c of rule.conditions) {
    const options: SeccompArg[] =
      c.op === 'IN'
        ? c.values.map((v) => ({ index: c.index, op: 'EQ' as const, value: argNumber(v.value), valueTwo: 0 }))
        : c.op === 'MASKED_EQ'
          ? [{ index: c.index, op: 'MASKED_EQ' as const, value: argNumber(c.mask!.value), valueTwo: argNumber(c.values[0]!.value) }]
          : [{ index: c.index, op: c.op, value: argNumber(c.values[0]!.value), valueTwo: 0 }];
    alts = alts.flatMap((alt) => options.map((o) => [...alt, o]));
  }
  return alts.map((alt) => [...alt].sort((a, b) => a.index - b.index));
}

/**
 * CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
 * CLONE_NEWNET (include/uapi/linux/sched.h): the mask Docker's default profile also uses.
 */
const CLONE_NAMESPACE_FLAGS = 0x7e020000;

const ACTION_RANK: Readonly<Record<SeccompAction['kind'], number>> = { allow: 0, log: 1, errno: 2, trap: 3, kill: 4 };

function lowerSyscalls(w: WorkloadAst, arches: readonly Arch[], sourceFile: string): SeccompRule[] {
  const grants = resolveSyscalls(w, arches);
  type Pending = { action: SeccompAction; args: SeccompArg[]; origin: Origin; names: string[] };
  const pending = new Map<string, Pending>();
  // One rule of the filter per (source, argument alternative, set of architectures the names exist on).
  const put = (source: string, name: string, act: SeccompAction, args: SeccompArg[], origin: Origin): void => {
    let mask = 0;
    for (let i = 0; i < arches.length; i++) if (syscallExists(name, arches[i]!)) mask |= 1 << i;
    const key = `${source}|${mask}`;
    const p = pending.get(key);
    if (p) p.names.push(name);
    else pending.set(key, { action: act, args, origin, names: [name] });
  };
  // What each policy rule lowers to, computed once however many syscalls it names.
  const lowered = new Map<SyscallRuleAst, { id: number; act: SeccompAction; alts: SeccompArg[][]; origin: Origin }>();
  const lowerRule = (rule: SyscallRuleAst) => {
    let l = lowered.get(rule);
    if (!l) {
      const act = rule.verb === 'allow' ? action(rule.action?.value ?? null, { kind: 'allow' }) : action(rule.action?.value ?? null, { kind: 'errno', errno: DEFAULTS.errno });
      l = { id: lowered.size, act, alts: argAlternatives(rule), origin: originOf(rule.span, rule.text) };
      lowered.set(rule, l);
    }
    return l;
  };
  const baselineOrigin: Origin = { file: sourceFile, line: 0, column: 0, what: `baseline: what the runtime needs to start the workload${w.noNewPrivileges?.value === false ? ' (without no-new-privileges)' : ''}` };
  for (const [name, g] of grants) {
    if (g.baseline) {
      put('baseline', name, { kind: 'allow' }, [], baselineOrigin);
      continue;
    }
    if (name === 'clone' && !g.explicit && g.verb === 'allow' && g.rules.every((r) => r.conditions.length === 0 && r.action === null)) {
      // `clone` reached through a group cannot create namespaces, as in Docker's default profile:
      // without CAP_SYS_ADMIN a new user namespace is the usual first step of a kernel exploit.
      // Writing `allow clone` by name lifts this.
      const rule = g.rules[0]!;
      put('clone', 'clone', { kind: 'allow' }, [{ index: 0, op: 'MASKED_EQ', value: CLONE_NAMESPACE_FLAGS, valueTwo: 0 }], originOf(rule.span, `${rule.text} (clone without namespace flags)`));
      continue;
    }
    for (const rule of g.rules) {
      const l = lowerRule(rule);
      l.alts.forEach((args, i) => put(`${l.id}:${i}`, name, l.act, args, l.origin));
    }
  }
  const defaultKind = w.syscalls.defaultAction?.value.kind;
  if (!grants.has('clone3') && defaultKind !== 'allow' && defaultKind !== 'log' && arches.some((a) => syscallExists('clone3', a)))
    put('clone3', 'clone3', { kind: 'errno', errno: DEFAULTS.clone3Errno }, [], { file: sourceFile, line: 0, column: 0, what: 'clone3 fails with ENOSYS so that libc falls back to clone' });
  const rules: SeccompRule[] = [...pending.values()].map((p) => {
    const names = p.names.sort(cmp);
    return { names, action: p.action, args: p.args, arches: arches.filter((a) => syscallExists(names[0]!, a)), origin: p.origin };
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
