/**
 * The Docker host configuration of a workload: what `docker run` and Compose both tell the engine,
 * decided once. The docker-run and Compose emitters only serialise it (flags, YAML keys), so the
 * "no limit" values, the security options and their order, the relabelled volume form, the network
 * attachment and the seccomp file's name cannot drift apart between the two. Every value is checked
 * here against the shape it must have (an internal error names the emitter that asked); what either
 * syntax needs beyond that (CSV quoting of `--mount`, `$$` in YAML) stays in its emitter.
 */
import type { DataMount, JoinedNetwork, PolicyIR } from '../compiler/ir.js';
import { carries, type EmitOptions } from './artifact.js';
import { dockerLabelOptions, relabelFlag } from './selinux-label.js';
import {
  CAPABILITY_RE,
  ENV_NAME_RE,
  NAME_RE,
  PROFILE_NAME_RE,
  SYSCTL_NAME_RE,
  ULIMIT_NAME_RE,
  VOLUME_RE,
  compareStrings,
  dockerPortSpec,
  dockerTmpfsSpec,
  expectInteger,
  expectPlainPath,
  expectShape,
  hasControl,
  internalError,
} from './quote.js';

/** A mount: the long form (`--mount`, Compose's `type:`), or `SRC:DST:MODE,z|Z` where Docker must relabel it. */
export type DockerMount =
  | { readonly form: 'long'; readonly type: 'volume' | 'bind'; readonly source: string; readonly target: string; readonly readonly: boolean }
  | { readonly form: 'relabelled'; readonly spec: string };

/** How the container is attached: a mode, the networks it joins (the first one `docker run` names), or one it only joins. */
export type DockerNetwork =
  | { readonly kind: 'none' }
  | { readonly kind: 'host' }
  | { readonly kind: 'bridge' }
  | { readonly kind: 'networks'; readonly primary: string; readonly networks: readonly { readonly name: string; readonly internal: boolean }[] }
  | { readonly kind: 'named'; readonly name: string };

/** Docker's own values for "no limit" where the IR says null (the policy said "unlimited"). */
export const NO_LIMIT = { memory: 0, memorySwap: -1, memoryReservation: 0, milliCpus: 0, cpuShares: 0, pids: -1 } as const;

export interface DockerSettings {
  readonly name: string;
  readonly image: string;
  readonly runtime: string | null;
  /** `seccomp=` (relative to the artifact folder, as each tool wants it written), AppArmor, SELinux labels (each only for hosts that run the module), no-new-privileges: the order `docker inspect` shows. */
  readonly securityOpt: (seccompFile: string) => string[];
  /** The file name of the workload's seccomp profile, beside the other artifacts. */
  readonly seccompFile: string;
  /** Sorted, in Docker's and Compose's own spelling (`NET_BIND_SERVICE`, no `CAP_`); every other capability is dropped (`ALL`). */
  readonly capAdd: readonly string[];
  readonly readonlyRoot: boolean;
  readonly tmpfs: readonly string[];
  readonly mounts: readonly DockerMount[];
  readonly ports: readonly string[];
  readonly user: string;
  readonly groupAdd: readonly string[];
  readonly workdir: string | null;
  /** Sorted by name. */
  readonly env: readonly (readonly [string, string])[];
  readonly hostname: string | null;
  /**
   * The limits. Those whose "no limit" is Docker's 0 (memory, reservation, CPUs, shares) are null when
   * the policy sets none: a zero is not written (`--cpu-shares 0` reads as a limit to a reviewer, and
   * is Docker's default anyway). Swap and pids are always written, "no limit" as Docker's -1.
   */
  readonly limits: {
    readonly memory: number | null;
    readonly memorySwap: number;
    readonly memoryReservation: number | null;
    readonly milliCpus: number | null;
    readonly cpuShares: number | null;
    readonly pids: number;
    /** Sorted by name. */
    readonly ulimits: readonly { readonly name: string; readonly soft: number; readonly hard: number }[];
  };
  /** Sorted by name. */
  readonly sysctls: readonly (readonly [string, string])[];
  readonly network: DockerNetwork;
  readonly ipc: string;
  /** Only `host` has a word: private is Docker's default. */
  readonly pidHost: boolean;
  readonly utsHost: boolean;
  readonly cgroupns: string;
  readonly entrypoint: readonly string[] | null;
  readonly command: readonly string[] | null;
}

/**
 * The network `docker run --network` names: the first by name that is not internal, so the container
 * starts with its default route and published ports (Docker publishes through a network with a
 * gateway), or the first by name when all are internal.
 */
function primaryNetwork(emitter: string, networks: readonly JoinedNetwork[]): JoinedNetwork {
  return networks.find((n) => !n.internal) ?? networks[0] ?? internalError(emitter, 'a workload joins an empty list of networks');
}

function mount(emitter: string, m: DataMount): DockerMount {
  const target = expectPlainPath(emitter, 'mount target', m.target);
  let source: string;
  if (m.kind === 'volume') source = expectShape(emitter, 'volume name', m.source, VOLUME_RE);
  else if (m.kind === 'bind') source = expectPlainPath(emitter, 'bind source', m.source);
  else return internalError(emitter, `unknown mount kind ${JSON.stringify((m as DataMount).kind)}`);
  if (!m.relabel) return { form: 'long', type: m.kind, source, target, readonly: m.readonly };
  // Only the short `-v` form can ask Docker to relabel (`--mount` has no SELinux option in Docker
  // 20.10, nor docker-compose 1.29's long syntax). The checks keep `:` and `,` out of mount paths,
  // which is what makes this colon-separated form safe.
  if (/[:,]/.test(source) || /[:,]/.test(target)) internalError(emitter, `mount ${JSON.stringify(source)} -> ${JSON.stringify(target)} holds \`:\` or \`,\`, which the short form cannot carry`);
  return { form: 'relabelled', spec: `${source}:${target}:${m.readonly ? 'ro' : 'rw'},${relabelFlag(m.relabel)}` };
}

/** A zero limit, Docker's own "none", as not written. */
const unlessZero = (n: number): number | null => (n === 0 ? null : n);

/** The Docker settings of a workload, every value checked; `emitter` names the caller in internal errors. */
export function dockerSettings(emitter: string, ir: PolicyIR, options: EmitOptions = {}): DockerSettings {
  const name = expectShape(emitter, 'workload name', ir.name, NAME_RE);
  // The image is the first word Docker does not read as a flag; a leading `-` would make it one.
  if (ir.image === '' || ir.image.startsWith('-') || hasControl(ir.image) || /\s/.test(ir.image)) internalError(emitter, `image ${JSON.stringify(ir.image)} is not an image reference`);
  const apparmor = expectShape(emitter, 'AppArmor profile name', ir.apparmor.profileName, PROFILE_NAME_RE);
  const labels = carries(options, 'selinux') ? dockerLabelOptions(emitter, ir) : [];
  const apparmorOpt = carries(options, 'apparmor') ? [`apparmor=${apparmor}`] : [];
  const l = ir.limits;
  const mode = ir.network.mode;
  let network: DockerNetwork;
  if (mode.kind === 'networks')
    network = {
      kind: 'networks',
      primary: expectShape(emitter, 'network name', primaryNetwork(emitter, mode.networks).name, NAME_RE),
      networks: mode.networks.map((n) => ({ name: expectShape(emitter, 'network name', n.name, NAME_RE), internal: n.internal })),
    };
  else if (mode.kind === 'named') network = { kind: 'named', name: expectShape(emitter, 'network name', mode.name, NAME_RE) };
  else if (mode.kind === 'none' || mode.kind === 'host' || mode.kind === 'bridge') network = { kind: mode.kind } as DockerNetwork;
  else network = internalError(emitter, `unknown network mode ${JSON.stringify((mode as { kind: string }).kind)}`);
  return {
    name,
    image: ir.image,
    // Only when the policy names one: without it the daemon's configured default applies, which on a
    // host whose operator chose a sandbox (default-runtime runsc) must not be overridden by silence.
    runtime: ir.runtime.name === null ? null : expectShape(emitter, 'runtime', ir.runtime.name, NAME_RE),
    securityOpt: (seccompFile) => [`seccomp=${seccompFile}`, ...apparmorOpt, ...labels, `no-new-privileges:${ir.noNewPrivileges}`],
    seccompFile: `${name}.seccomp.json`,
    capAdd: [...new Set(ir.capabilities.map((c) => expectShape(emitter, 'capability', c, CAPABILITY_RE).slice('CAP_'.length)))].sort(compareStrings),
    readonlyRoot: ir.filesystem.rootReadonly,
    tmpfs: ir.filesystem.tmpfs.map((t) => dockerTmpfsSpec(emitter, t)),
    mounts: ir.filesystem.mounts.map((m) => mount(emitter, m)),
    ports: ir.network.ports.map((p) => dockerPortSpec(emitter, p)),
    user: `${expectInteger(emitter, 'uid', ir.user.uid, 0)}:${expectInteger(emitter, 'gid', ir.user.gid, 0)}`,
    // Strings: the Engine API takes GroupAdd as a list of strings.
    groupAdd: [...ir.user.additionalGids].sort((a, b) => a - b).map((g) => String(expectInteger(emitter, 'additional gid', g, 0))),
    workdir: ir.workdir === null ? null : expectPlainPath(emitter, 'working directory', ir.workdir),
    // Docker splits `NAME=value` at the first `=`; the name shape has none, the value may have any.
    env: [...ir.env].sort((a, b) => compareStrings(a.name, b.name)).map((e) => [expectShape(emitter, 'environment name', e.name, ENV_NAME_RE), e.value] as const),
    hostname: ir.hostname,
    limits: {
      memory: unlessZero(expectInteger(emitter, 'memory', l.memoryBytes ?? NO_LIMIT.memory, 0)),
      // -1, not 0: with a memory limit and no swap value, Docker allows swap of twice the memory.
      memorySwap: expectInteger(emitter, 'memory+swap', l.memorySwapBytes ?? NO_LIMIT.memorySwap, -1),
      memoryReservation: unlessZero(expectInteger(emitter, 'memory reservation', l.memoryReservationBytes ?? NO_LIMIT.memoryReservation, 0)),
      milliCpus: unlessZero(expectInteger(emitter, 'milli-CPUs', l.milliCpus ?? NO_LIMIT.milliCpus, 0)),
      cpuShares: unlessZero(expectInteger(emitter, 'CPU shares', l.cpuShares ?? NO_LIMIT.cpuShares, 0)),
      pids: expectInteger(emitter, 'pids', l.pids ?? NO_LIMIT.pids, -1),
      ulimits: [...l.ulimits]
        .sort((a, b) => compareStrings(a.name, b.name))
        .map((u) => ({ name: expectShape(emitter, 'ulimit', u.name, ULIMIT_NAME_RE), soft: expectInteger(emitter, 'ulimit soft', u.soft, -1), hard: expectInteger(emitter, 'ulimit hard', u.hard, -1) })),
    },
    sysctls: [...ir.sysctls].sort((a, b) => compareStrings(a.name, b.name)).map((s) => [expectShape(emitter, 'sysctl', s.name, SYSCTL_NAME_RE), s.value] as const),
    network,
    ipc: ir.namespaces.ipc,
    pidHost: ir.namespaces.pid === 'host',
    utsHost: ir.namespaces.uts === 'host',
    cgroupns: ir.namespaces.cgroup,
    entrypoint: ir.entrypoint,
    command: ir.command,
  };
}
