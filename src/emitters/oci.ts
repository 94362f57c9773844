/**
 * The OCI runtime `config.json` of a bundle (runtime-spec 1.x, Linux), for runc or any OCI runtime:
 * `runc run --bundle DIR ID` with the rootfs in `DIR/rootfs`. Where runc has no default worth
 * keeping, the values are the ones Docker 20.10 hands to runc, so the same policy behaves the same
 * under both.
 */
import type { DataMount, PolicyIR, SeccompIR, TmpfsMount } from '../compiler/ir.js';
import { carries, type Artifact, type EmitOptions } from './artifact.js';
import { ociLabels } from './selinux-label.js';
import { flatFilter, invariant } from './seccomp-common.js';

/**
 * The first release that defines every field used here: `defaultErrnoRet` and
 * SCMP_ACT_KILL_PROCESS came in runtime-spec 1.1.0 (a 1.0.2 runtime may drop the first silently,
 * as Docker 20.10 does). runc 1.1 implements both although it reports "1.0.2-dev", and it does not
 * compare the version with anything.
 */
const OCI_VERSION = '1.1.0';

/** Docker's and runc's PATH when the image sets none. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** setrlimit(2) resources by Docker's `--ulimit` names (go-units). */
const RLIMIT: Readonly<Record<string, string>> = {
  core: 'RLIMIT_CORE',
  cpu: 'RLIMIT_CPU',
  data: 'RLIMIT_DATA',
  fsize: 'RLIMIT_FSIZE',
  locks: 'RLIMIT_LOCKS',
  memlock: 'RLIMIT_MEMLOCK',
  msgqueue: 'RLIMIT_MSGQUEUE',
  nice: 'RLIMIT_NICE',
  nofile: 'RLIMIT_NOFILE',
  nproc: 'RLIMIT_NPROC',
  rss: 'RLIMIT_RSS',
  rtprio: 'RLIMIT_RTPRIO',
  rttime: 'RLIMIT_RTTIME',
  sigpending: 'RLIMIT_SIGPENDING',
  stack: 'RLIMIT_STACK',
};

interface Mount {
  readonly destination: string;
  readonly type: string;
  readonly source: string;
  readonly options?: readonly string[];
}

/**
 * The kernel file systems every Linux container gets, with the options of Docker 20.10's default
 * spec (`runc spec` has the same list, without nosuid/noexec/nodev on /proc).
 */
const STANDARD_MOUNTS: readonly Mount[] = [
  { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
  { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
  { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
  { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
  { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] },
];

/** Paths runc hides (bind of /dev/null, or an empty read-only tmpfs for a directory): Docker 20.10's and `runc spec`'s list, sorted. */
const MASKED_PATHS: readonly string[] = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/sys/firmware',
];

/** Paths runc remounts read-only: Docker 20.10's and `runc spec`'s list. */
const READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** Emits `config.json`, the workload as an OCI runtime bundle configuration for runc. */
export function emitOci(ir: PolicyIR, options: EmitOptions = {}): Artifact[] {
  return [{ path: 'config.json', content: `${JSON.stringify(config(ir, options), null, 2)}\n` }];
}

function config(ir: PolicyIR, options: EmitOptions): object {
  const selinux = carries(options, 'selinux');
  return {
    ociVersion: OCI_VERSION,
    process: processSection(ir, options),
    root: { path: 'rootfs', readonly: ir.filesystem.rootReadonly },
    hostname: hostname(ir),
    mounts: mounts(ir),
    linux: {
      sysctl: ir.sysctls.length > 0 ? Object.fromEntries(ir.sysctls.map((s) => [s.name, s.value])) : undefined,
      resources: resources(ir),
      namespaces: namespaces(ir),
      uidMappings: idMappings(ir.namespaces.uidMappings),
      gidMappings: idMappings(ir.namespaces.gidMappings),
      seccomp: flatFilter(ir.seccomp),
      // The label of the container's mounts (tmpfs `context=`), at the process's level.
      mountLabel: selinux ? ociLabels('oci', ir)?.mount : undefined,
      maskedPaths: MASKED_PATHS,
      readonlyPaths: READONLY_PATHS,
    },
  };
}

function processSection(ir: PolicyIR, options: EmitOptions): object {
  return {
    terminal: false,
    user: { uid: ir.user.uid, gid: ir.user.gid, additionalGids: ir.user.additionalGids },
    args: args(ir),
    env: env(ir),
    cwd: ir.workdir ?? '/',
    capabilities: capabilities(ir),
    rlimits: ir.limits.ulimits.length > 0 ? ir.limits.ulimits.map(rlimit) : undefined,
    noNewPrivileges: ir.noNewPrivileges,
    // runc writes the name to /proc/self/attr/exec and refuses to start when the profile is not
    // loaded or the kernel has no AppArmor: the container fails closed instead of running unconfined.
    // `unconfined` (warned by the checks) is no profile: the field is left out, as runc reads it.
    // Not for hosts without AppArmor (`--security-module selinux`): runc would refuse the bundle.
    apparmorProfile: ir.apparmor.profileName === 'unconfined' || !carries(options, 'apparmor') ? undefined : ir.apparmor.profileName,
    // runc sets it as the exec label of the workload; the runtime is neutral, any OCI runtime reads it.
    selinuxLabel: carries(options, 'selinux') ? ociLabels('oci', ir)?.process : undefined,
  };
}

/**
 * entrypoint ++ command. A bundle does not carry the image config, so what only the image knows is
 * not guessed: with neither (or both empty) `args` is left out, and runc refuses the bundle ("args
 * must not be empty") until it is filled in; a null entrypoint is taken as "none", which holds for
 * images without an ENTRYPOINT (Docker would prepend the image's own).
 */
function args(ir: PolicyIR): readonly string[] | undefined {
  const argv = [...(ir.entrypoint ?? []), ...(ir.command ?? [])];
  return argv.length > 0 ? argv : undefined;
}

/** The policy's variables plus Docker's default PATH unless the policy sets PATH; sorted by name. */
function env(ir: PolicyIR): string[] {
  const vars = ir.env.some((v) => v.name === 'PATH') ? ir.env : [...ir.env, { name: 'PATH', value: DEFAULT_PATH }];
  return [...vars].sort((a, b) => compare(a.name, b.name)).map((v) => `${v.name}=${v.value}`);
}

/**
 * What Docker 20.10.14+ gives a container (moby `oci.SetCapabilities`, after CVE-2022-24769): the
 * granted set as bounding; as effective and permitted too when the user is root; never inheritable
 * or ambient. A non-root process would lose permitted and effective at execve(2) anyway (no ambient
 * set, no file capabilities), so it gets the capabilities only from file capabilities on its
 * binary, bounded by this set: the same as under Docker.
 */
function capabilities(ir: PolicyIR): object {
  const granted = ir.capabilities;
  const root = ir.user.uid === 0;
  return {
    bounding: granted,
    effective: root ? granted : [],
    inheritable: [],
    permitted: root ? granted : [],
    ambient: [],
  };
}

function rlimit(ulimit: PolicyIR['limits']['ulimits'][number]): object {
  const type = RLIMIT[ulimit.name];
  invariant(type !== undefined, `unknown ulimit \`${ulimit.name}\``);
  invariant(isUint(ulimit.soft) && isUint(ulimit.hard), `ulimit ${ulimit.name} is not a pair of safe non-negative integers`);
  return { type, hard: ulimit.hard, soft: ulimit.soft };
}

/**
 * The policy's hostname. Without one, a private UTS namespace is named after the workload: runc
 * would otherwise keep the host's name (Docker uses the container ID). runc refuses a hostname
 * without a private UTS namespace, as Docker does, so a host UTS namespace gets none unless asked.
 */
function hostname(ir: PolicyIR): string | undefined {
  if (ir.hostname !== null) return ir.hostname;
  return ir.namespaces.uts === 'private' ? ir.name : undefined;
}

/**
 * Standard mounts, then the policy's, sorted by destination: a parent sorts before everything under
 * it, which is the only order runc needs. A policy mount on a standard destination replaces it,
 * as a Docker `--tmpfs /dev/shm` does.
 */
function mounts(ir: PolicyIR): Mount[] {
  const own = [...ir.filesystem.tmpfs.map(tmpfsMount), ...ir.filesystem.mounts.map(dataMount)];
  const targets = new Set(own.map((m) => m.destination));
  invariant(targets.size === own.length, 'two mounts share a target');
  const all = [...STANDARD_MOUNTS.filter((m) => !targets.has(m.destination)), ...own];
  return all.sort((a, b) => compare(a.destination, b.destination));
}

/** tmpfs(5) reads `size=` in bytes and `mode=` in octal whatever its leading digit. */
function tmpfsMount(t: TmpfsMount): Mount {
  invariant(isUint(t.sizeBytes) && t.sizeBytes > 0, `tmpfs ${t.target} has size ${t.sizeBytes}`);
  const mode = t.mode === null ? [] : [`mode=${t.mode.toString(8)}`];
  invariant(t.owner === null || (isUint(t.owner.uid) && isUint(t.owner.gid)), `tmpfs ${t.target} has an invalid owner`);
  const owner = t.owner === null ? [] : [`uid=${t.owner.uid}`, `gid=${t.owner.gid}`];
  return { destination: t.target, type: 'tmpfs', source: 'tmpfs', options: [...t.options, ...mode, ...owner, `size=${t.sizeBytes}`] };
}

/**
 * A host bind, or a named volume, which has no OCI equivalent: it becomes a bind of
 * `volumes/NAME`, a path relative to the bundle (runtime-spec: bind sources "are either absolute
 * or relative to the bundle"; runc runs from the bundle folder). rprivate is Docker's propagation
 * for binds: host mounts made later do not appear in the container.
 */
function dataMount(m: DataMount): Mount {
  const source = m.kind === 'volume' ? `volumes/${m.source}` : m.source;
  return { destination: m.target, type: 'bind', source, options: ['rbind', 'rprivate', m.readonly ? 'ro' : 'rw'] };
}

/**
 * A namespace listed is a new one; one left out is shared with the host. The mount namespace is
 * always new. A user namespace comes with its uid and gid mappings (runc refuses one without them).
 * Sorted by type: runc enters them in its own fixed order.
 */
function namespaces(ir: PolicyIR): { type: string }[] {
  const ns = ir.namespaces;
  const types = [
    ns.cgroup === 'private' ? 'cgroup' : null,
    ns.ipc !== 'host' ? 'ipc' : null,
    'mount',
    ns.network === 'private' ? 'network' : null,
    ns.pid === 'private' ? 'pid' : null,
    ns.user === 'private' ? 'user' : null,
    ns.uts === 'private' ? 'uts' : null,
  ];
  return types.filter((t): t is string => t !== null).map((type) => ({ type }));
}

/**
 * `linux.uidMappings` / `gidMappings` (runtime-spec config-linux "User namespace mappings"): runc
 * writes them to /proc/PID/uid_map and gid_map of the container's first process. Left out without
 * a user namespace, where the spec gives them no meaning.
 */
function idMappings(maps: PolicyIR['namespaces']['uidMappings']): object[] | undefined {
  if (maps.length === 0) return undefined;
  for (const m of maps) invariant(isUint(m.containerId) && isUint(m.hostId) && isUint(m.size) && m.size > 0 && m.containerId + m.size <= 2 ** 32 - 1 && m.hostId + m.size <= 2 ** 32 - 1, `id mapping ${JSON.stringify(m)} is out of range`);
  return maps.map((m) => ({ containerID: m.containerId, hostID: m.hostId, size: m.size }));
}

/**
 * cgroup limits. Devices: deny all, and runc adds its default allow list (null, zero, full, random,
 * urandom, tty, ptmx, pts). `swap` is memory+swap, as for Docker's --memory-swap; -1 is unlimited.
 * CPUs become a CFS quota per 100 ms period, like Docker's --cpus.
 */
function resources(ir: PolicyIR): object {
  const l = ir.limits;
  const memory =
    l.memoryBytes === null && l.memorySwapBytes === null && l.memoryReservationBytes === null
      ? undefined
      : {
          limit: l.memoryBytes ?? undefined,
          reservation: l.memoryReservationBytes ?? undefined,
          swap: l.memorySwapBytes ?? (l.memoryBytes === null ? undefined : -1),
        };
  const cpu =
    l.milliCpus === null && l.cpuShares === null
      ? undefined
      : {
          shares: l.cpuShares ?? undefined,
          quota: l.milliCpus === null ? undefined : l.milliCpus * 100,
          period: l.milliCpus === null ? undefined : 100_000,
        };
  return {
    devices: [{ allow: false, access: 'rwm' }],
    memory,
    cpu,
    pids: l.pids === null ? undefined : { limit: l.pids },
  };
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isUint(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
