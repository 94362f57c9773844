/**
 * The neutral model every reader of `secpol import` produces and the one printer reads: a
 * workload's settings as the engine had them, each with the place in the source it came from.
 * Readers fill it (docker run lines and Compose services through `DockerOptions`, seccomp profiles
 * directly); nothing here knows a source format or the policy syntax.
 */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Span } from '../compiler/source.js';

/** A seccomp rule's argument comparison, in the policy's words (`arg1 & 0x8 == 0`). */
export interface ImportedCondition {
  readonly index: number;
  readonly op: '==' | '!=' | '<' | '<=' | '>' | '>=' | '&';
  readonly value: bigint;
  /** Only for `&`: the value the masked argument is compared with. */
  readonly masked?: bigint;
}

/** One seccomp rule: an action for some calls, optionally under conditions that must all hold. */
export interface ImportedSyscallRule {
  readonly action: 'allow' | 'deny';
  readonly names: readonly string[];
  /** For `deny`: `errno N`, `kill`, `trap` or `log`; null for the language's default (EPERM). */
  readonly with: string | null;
  readonly conditions: readonly ImportedCondition[];
}

/** The seccomp side of a workload. */
export type ImportedSeccomp =
  | { readonly kind: 'docker-default' }
  | { readonly kind: 'unconfined' }
  | {
      readonly kind: 'profile';
      /** `errno N`, `kill`, `trap`, `log` or `allow`. */
      readonly defaultAction: string;
      readonly arches: readonly string[];
      /** Whether the profile includes Docker's unconditional allow-list: printed as `@docker-default`. */
      readonly dockerDefault: boolean;
      readonly rules: readonly ImportedSyscallRule[];
    };

/** A mount. */
export interface ImportedMount {
  readonly kind: 'volume' | 'bind';
  readonly source: string;
  readonly target: string;
  readonly readonly: boolean;
  readonly relabel: 'shared' | 'private' | null;
}

/** A tmpfs. */
export interface ImportedTmpfs {
  readonly target: string;
  readonly size: number | null;
  readonly mode: number | null;
  readonly exec: boolean;
  readonly readonly: boolean;
}

/** A published port. */
export interface ImportedPort {
  readonly hostIp: string | null;
  readonly hostPort: string | null;
  readonly port: string;
  readonly protocol: 'tcp' | 'udp';
}

/** Everything a workload's policy is printed from. Optional fields are the engine's default when absent. */
export interface ImportedWorkload {
  name: string;
  image: string | null;
  command: string[] | null;
  entrypoint: string[] | null;
  workdir: string | null;
  hostname: string | null;
  env: Map<string, string>;
  /** `root`, or numeric ids; null means the image's user, which for Docker is root unless the image says. */
  user: { uid: number; gid: number | null } | 'root' | null;
  groups: number[];
  /** Capabilities in effect (canonical `CAP_*` names). */
  capabilities: Set<string>;
  readOnlyRoot: boolean;
  tmpfs: ImportedTmpfs[];
  mounts: ImportedMount[];
  ports: ImportedPort[];
  /** `bridge` (Docker's default), `none`, `host`, a network name, or the networks joined. */
  network: { mode: string } | { joins: { name: string; internal: boolean }[] };
  /** `engine` for the cgroup namespace: Docker's default depends on the host (private on cgroup v2, host on v1). */
  namespaces: { pid: string; ipc: string; uts: string; cgroup: string; user: string };
  noNewPrivileges: boolean;
  apparmor: string;
  selinux: { user?: string; role?: string; type?: string; level?: string } | 'disable' | null;
  seccomp: ImportedSeccomp;
  runtime: string | null;
  /** Bytes; null is unlimited (Docker's default). */
  memory: number | null;
  memorySwap: number | null | 'unlimited';
  memoryReservation: number | null;
  /** Thousandths of a CPU; null is no limit. */
  milliCpus: number | null;
  cpuShares: number | null;
  pids: number | null;
  ulimits: Map<string, { soft: number; hard: number }>;
  sysctls: Map<string, string>;
}

/** A workload with Docker's defaults: what `docker run IMAGE` gives. */
export function dockerDefaults(name: string): ImportedWorkload {
  return {
    name,
    image: null,
    command: null,
    entrypoint: null,
    workdir: null,
    hostname: null,
    env: new Map(),
    user: null,
    groups: [],
    capabilities: new Set(),
    readOnlyRoot: false,
    tmpfs: [],
    mounts: [],
    ports: [],
    network: { mode: 'bridge' },
    namespaces: { pid: 'private', ipc: 'private', uts: 'private', cgroup: 'engine', user: 'host' },
    noNewPrivileges: false,
    apparmor: 'docker-default',
    selinux: null,
    seccomp: { kind: 'docker-default' },
    runtime: null,
    memory: null,
    memorySwap: null,
    memoryReservation: null,
    milliCpus: null,
    cpuShares: null,
    pids: null,
    ulimits: new Map(),
    sysctls: new Map(),
  };
}

/** What one reader gives for one workload: its settings and what the import says about them. */
export interface ImportedPolicy {
  readonly workload: ImportedWorkload;
  /** Where the workload starts in the source (the `docker run` word, the service key). */
  readonly span: Span;
  readonly diagnostics: Diagnostic[];
}

/** What a reader gives: the workloads of the source, and diagnostics that concern the source as a whole. */
export interface ReadResult {
  readonly policies: readonly ImportedPolicy[];
  readonly diagnostics: readonly Diagnostic[];
}
