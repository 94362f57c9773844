/**
 * The intermediate representation (IR): a fully resolved, checked, readonly description of one
 * workload. Inheritance is merged, syscall groups are expanded per architecture, capability names
 * are canonical (`CAP_` prefix, upper case), sizes are in bytes, and every default is filled in.
 *
 * Emitters import only this file. Nothing here is shaped by one output format: each emitter
 * translates these facts into its own syntax, and says in docs/mapping.md what it cannot express.
 *
 * Every list is sorted (the order is given next to each field), so that emitters can stay simple
 * and byte-identical output follows from byte-identical IR.
 *
 * `provenance` says which statement decided each setting (with its span), what the policy's syscall
 * rules say as written, and what decides each syscall: lint, explain and diff read it, through
 * `ir-query.ts`, and never the syntax tree. No emitter reads it. Version 5 added it.
 */

/** Bumped whenever the shape of the IR changes. */
export const IR_VERSION = 5 as const;

/**
 * The statement in a policy file that produced a fact, for comments in artifacts, `explain` and the
 * advisory rules: `file` as the user named it, where the statement starts and where it ends (1-based,
 * the end exclusive, columns in UTF-16 code units). Line 0 is a fact secpol adds itself.
 */
export interface Origin {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** What produced the fact, in a few words: `allow @network-server`, `baseline (runtime)`, `default`. */
  readonly what: string;
}

/** Seccomp architectures (libseccomp ABI names, lower case). x86, x32 and arm are 32-bit companions. */
export type Arch = 'x86_64' | 'x86' | 'x32' | 'aarch64' | 'arm';

/** What a seccomp rule or the default does to a matching syscall. */
export type SeccompAction =
  | { readonly kind: 'allow' }
  | { readonly kind: 'errno'; readonly errno: number } // errno number, e.g. 1 (EPERM), 38 (ENOSYS)
  | { readonly kind: 'kill' } // kill the whole process (SCMP_ACT_KILL_PROCESS)
  | { readonly kind: 'trap' }
  | { readonly kind: 'log' }; // allow and log

/** One comparison of a syscall argument. Conditions of one rule are ANDed; their indexes are distinct. */
export interface SeccompArg {
  readonly index: number; // 0..5
  readonly op: 'EQ' | 'NE' | 'LT' | 'LE' | 'GT' | 'GE' | 'MASKED_EQ';
  /** For MASKED_EQ: the mask. Otherwise the value compared with. Always a safe non-negative integer. */
  readonly value: number;
  /** For MASKED_EQ: the expected result of `arg & mask`. 0 otherwise. */
  readonly valueTwo: number;
}

/**
 * One seccomp rule. `names` all exist on every architecture in `arches` (the lowering guarantees it:
 * a name missing on some target architecture is split into its own rule, never emitted unknowingly).
 */
export interface SeccompRule {
  readonly names: readonly string[]; // sorted
  readonly action: SeccompAction;
  readonly args: readonly SeccompArg[]; // sorted by index
  /** The architectures this rule applies to; equal to SeccompIR.architectures when it applies to all. */
  readonly arches: readonly Arch[]; // in the order of SeccompIR.architectures
  readonly origin: Origin;
  /**
   * What the rule's conditions mean in the policy's words (`arg1 != TIOCSTI`, `protocols tcp, except
   * when arg0 == AF_PACKET`), when it has conditions. One condition of a policy often lowers to many
   * rules (a comparison on a 32-bit argument is tested bit by bit under a mask); they all share this
   * text, which is what `explain` and `diff` show.
   */
  readonly condition?: string;
}

/** The seccomp filter: default action plus rules, in a stable order (see lowering). */
export interface SeccompIR {
  readonly defaultAction: SeccompAction;
  /** Native target architectures first, each followed by its declared 32-bit companions. */
  readonly architectures: readonly Arch[];
  /** The primary (64-bit) architectures among `architectures`, in order: 'x86_64' and/or 'aarch64'. */
  readonly primaryArches: readonly Arch[];
  /**
   * Rules, ordered: all rules with args after plain ones for the same action; otherwise by action
   * (allow, log, errno, trap, kill), then by first name. One name may appear in several rules only
   * when each rule has arguments (an OR of conditions) or different arches. Rules of one name with
   * different actions never match the same call: the lowering makes their conditions disjoint.
   */
  readonly rules: readonly SeccompRule[];
}

/** Socket families the workload may open (AppArmor `network` rules; seccomp `socket` conditions). */
export type SocketFamily = 'inet' | 'inet6' | 'unix' | 'netlink' | 'packet';
/** Socket types the workload may open. `raw` implies CAP_NET_RAW is required for inet raw sockets. */
export type SocketType = 'stream' | 'dgram' | 'raw' | 'seqpacket';

/** `protocols tcp` means inet+inet6 stream; `udp` inet+inet6 dgram; `unix` unix any; `raw` inet raw; ... */
export interface NetworkGrant {
  readonly family: SocketFamily;
  readonly type: SocketType | null; // null: any type of that family
}

export interface PortMapping {
  readonly hostIp: string | null; // null: all interfaces (warned by the checks); e.g. '127.0.0.1', '::1'
  readonly hostPort: number | null; // null: an ephemeral host port
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  readonly origin: Origin;
}

/** A network the workload joins (`join NAME [internal]`). */
export interface JoinedNetwork {
  /** Also the network's name on the engine: [a-z0-9][a-z0-9_.-]{0,62}, never none, bridge, host or default. */
  readonly name: string;
  /** No route out of the network: its members reach one another and nothing else. */
  readonly internal: boolean;
  readonly origin: Origin;
}

export type NetworkMode =
  | { readonly kind: 'none' }
  | { readonly kind: 'bridge' }
  | { readonly kind: 'host' }
  /** An existing network the policy does not describe (`mode NAME`): the engine must already have it. */
  | { readonly kind: 'named'; readonly name: string }
  /** The networks the policy joins and describes (`join`): one or more, sorted by name, names distinct. */
  | { readonly kind: 'networks'; readonly networks: readonly JoinedNetwork[] };

export interface NetworkIR {
  readonly mode: NetworkMode;
  readonly ports: readonly PortMapping[]; // sorted by containerPort, protocol, hostIp, hostPort
  readonly grants: readonly NetworkGrant[]; // sorted by family, then type (null first)
}

export interface TmpfsMount {
  readonly target: string; // absolute, normalised
  readonly sizeBytes: number;
  /** Mount options besides size, sorted; always includes 'nodev'. Subset of noexec, nosuid, nodev, ro. */
  readonly options: readonly ('noexec' | 'nosuid' | 'nodev' | 'ro')[];
  readonly mode: number | null; // octal permission bits, e.g. 0o1777; null = runtime default
  /**
   * Who owns the tmpfs's root (tmpfs `uid=`/`gid=`): the workload's user when it is not root, so that
   * it can write the tmpfs it declared even where the image already has the directory (runc then
   * gives the mount that directory's mode, and without an owner it would be root's). null: root.
   */
  readonly owner: { readonly uid: number; readonly gid: number } | null;
  readonly origin: Origin;
}

/** A named volume (`kind: 'volume'`, `source` is the volume name) or a host bind (`source` is an absolute host path). */
export interface DataMount {
  readonly kind: 'volume' | 'bind';
  readonly source: string;
  readonly target: string; // absolute, normalised
  readonly readonly: boolean;
  /**
   * SELinux relabelling of the mount's source before the container starts (Docker's `z`/`Z`):
   * `shared` gives it the label every container may use, `private` one only this container's level
   * may use. Absent: the engine leaves the source's label alone.
   */
  readonly relabel?: 'shared' | 'private';
  readonly origin: Origin;
}

/** A file rule for paths inside the container. Paths are absolute and may use `*`, `**` and `?` globs. */
export interface PathRule {
  readonly path: string;
  readonly access: 'read' | 'write' | 'exec' | 'deny';
  readonly origin: Origin;
}

export interface FilesystemIR {
  readonly rootReadonly: boolean;
  /**
   * Sorted by target. Besides the policy's own, a read-only tmpfs over /dev/shm and over /dev/mqueue
   * when the policy declares neither there (nor shares the IPC namespace): the engines would otherwise
   * mount both world-writable, paths the policy never said the workload may write.
   */
  readonly tmpfs: readonly TmpfsMount[];
  readonly mounts: readonly DataMount[]; // sorted by target
  /**
   * Explicit file rules, sorted by access then path. Writable mount targets are NOT repeated here;
   * emitters that need "every writable path" use `writablePaths` below.
   */
  readonly paths: readonly PathRule[];
  /** True when the policy declared `read` rules: reads are then limited to them (plus the runtime's needs). */
  readonly readRestricted: boolean;
  /** True when the policy declared `exec` rules: execution is then limited to them. */
  readonly execRestricted: boolean;
  /**
   * Every path the workload may write, sorted: tmpfs targets, read-write mount targets, `write` rules
   * (a directory target is given without a trailing slash; emitters add `/**` where they need a glob).
   * When `rootReadonly` is false this also contains '/'.
   */
  readonly writablePaths: readonly string[];
}

export interface NamespacesIR {
  readonly network: 'private' | 'host'; // mirrors NetworkIR.mode host
  readonly pid: 'private' | 'host';
  readonly ipc: 'private' | 'shareable' | 'host';
  readonly uts: 'private' | 'host';
  readonly user: 'host' | 'private'; // 'private': a user namespace, with the mappings below
  readonly cgroup: 'private' | 'host';
  /**
   * With a private user namespace: container uids → host uids, sorted by containerId, never empty,
   * never overlapping on either side, and mapping the workload's uid. Empty with `user: 'host'`.
   */
  readonly uidMappings: readonly IdMapping[];
  /** As uidMappings, for group ids (the policy's uid mappings when it writes no `gid-map`). */
  readonly gidMappings: readonly IdMapping[];
}

/** One range of a user namespace's id map (user_namespaces(7)): `size` ids from containerId are hostId onwards. */
export interface IdMapping {
  readonly containerId: number;
  readonly hostId: number;
  readonly size: number;
}

export interface Ulimit {
  readonly name: string; // lower-case Docker name: nofile, nproc, core, memlock, stack, fsize, ...
  readonly soft: number;
  readonly hard: number;
}

export interface LimitsIR {
  readonly memoryBytes: number | null; // null: unlimited (only when the policy says `memory unlimited`)
  /** memory + swap, as Docker counts it. Equal to memoryBytes by default (no swap). null: unlimited. */
  readonly memorySwapBytes: number | null;
  readonly memoryReservationBytes: number | null;
  /** CPUs in thousandths (1.5 CPUs = 1500). null: no quota. */
  readonly milliCpus: number | null;
  readonly cpuShares: number | null;
  readonly pids: number | null; // null: unlimited (only when the policy says `pids unlimited`)
  readonly ulimits: readonly Ulimit[]; // sorted by name
}

export interface User {
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids: readonly number[]; // sorted
}

export interface KeyValue {
  readonly name: string;
  readonly value: string;
}

/** The OCI runtimes a policy may name: runc and crun share the host kernel; runsc (gVisor) and kata sandbox it. */
export type RuntimeName = 'runc' | 'crun' | 'runsc' | 'kata';

export interface RuntimeIR {
  /** The runtime the engine must use; null: the engine's configured default (runc on a stock Docker). */
  readonly name: RuntimeName | null;
  /** The policy says the workload runs code its operators do not trust (uploads, plugins, tenants' code). */
  readonly untrusted: boolean;
}

/**
 * The SELinux label of the workload's process, on hosts that run SELinux. Each part null: the engine's
 * own choice (Docker: `system_u:system_r:container_t` and a random MCS level per container).
 * Parts never contain `:` except the level's own (`s0:c100,c200`), nor control characters.
 */
export interface SelinuxIR {
  /** `selinux disable`: no label at all, the workload is not confined by SELinux (warned). */
  readonly disabled: boolean;
  readonly user: string | null; // e.g. system_u
  readonly role: string | null; // e.g. system_r
  readonly type: string | null; // e.g. container_t
  readonly level: string | null; // e.g. s0:c100,c200
}

/** The whole workload. */
export interface PolicyIR {
  readonly irVersion: typeof IR_VERSION;
  /** Workload name: [a-z0-9][a-z0-9_.-]{0,62}; used for file names, the Compose service and the AppArmor profile default. */
  readonly name: string;
  /** The policy file as the user named it on the command line (used only in comments). */
  readonly sourceFile: string;
  readonly image: string;
  readonly entrypoint: readonly string[] | null; // null: the image's own
  readonly command: readonly string[] | null; // null: the image's own
  readonly workdir: string | null;
  readonly env: readonly KeyValue[]; // sorted by name
  readonly hostname: string | null;
  readonly user: User;
  readonly noNewPrivileges: boolean;
  /** Granted capabilities, canonical `CAP_*` names, sorted by name. All others are dropped from every set. */
  readonly capabilities: readonly string[];
  readonly network: NetworkIR;
  readonly filesystem: FilesystemIR;
  readonly namespaces: NamespacesIR;
  readonly sysctls: readonly KeyValue[]; // sorted by name
  readonly limits: LimitsIR;
  readonly seccomp: SeccompIR;
  /** The AppArmor profile; `unconfined` (warned) means none: no profile is loaded or named for the process. */
  readonly apparmor: { readonly profileName: string };
  readonly selinux: SelinuxIR;
  readonly runtime: RuntimeIR;
  /** Where each fact came from, for lint, explain and diff (read through `ir-query.ts`). Emitters ignore it. */
  readonly provenance: Provenance;
}

/**
 * The statement (or the part of it a user gets wrong) that set one setting. `key` names the setting
 * (`user`, `namespaces.pid`, `limits.memory`, `capabilities.add`, …; the list is in ir-query.ts);
 * `value` tells apart the items of a list setting (`CAP_NET_ADMIN` of `capabilities.add`, a variable's
 * name of `env`, a tmpfs's target of `tmpfs.mode`), and is '' for a setting with one value.
 */
export interface SettingOrigin {
  readonly key: string;
  readonly value: string;
  readonly origin: Origin;
}

/** One value a written condition compares with: as written (`SOCK_STREAM | SOCK_CLOEXEC`), and as a number when known. */
export interface WrittenConditionValue {
  readonly text: string;
  readonly number: number | null;
  readonly origin: Origin;
}

/** One argument condition of a written syscall rule (`arg1 != TIOCSTI`), as the policy says it. */
export interface WrittenCondition {
  readonly index: number;
  readonly op: 'EQ' | 'NE' | 'LT' | 'LE' | 'GT' | 'GE' | 'IN' | 'MASKED_EQ' | 'MASKED_NE';
  /** The condition as written, whitespace folded. */
  readonly text: string;
  readonly values: readonly WrittenConditionValue[];
  readonly origin: Origin;
}

/** A syscall rule as the policy writes it (`allow socket if arg0 == AF_INET`), before groups are expanded. */
export interface WrittenSyscallRule {
  readonly verb: 'allow' | 'deny';
  /** Its short text (`allow @network-server`); also `origin.what`. */
  readonly text: string;
  readonly origin: Origin;
  /** The names and groups (`kind: 'group'`, name without `@`) it mentions, in the order written. */
  readonly targets: readonly { readonly kind: 'name' | 'group'; readonly name: string; readonly origin: Origin }[];
  readonly conditions: readonly WrittenCondition[];
}

/**
 * What decides a set of syscalls: the written rules (indexes into `Provenance.syscallRules`) that win,
 * the conditional denies that carve exceptions out of them, whether a name was written out (not only
 * through a group), and whether the runtime baseline (no rule) allows them.
 */
export interface SyscallDecision {
  readonly names: readonly string[]; // sorted
  readonly verb: 'allow' | 'deny';
  readonly rules: readonly number[];
  readonly carves: readonly number[];
  readonly explicit: boolean;
  readonly baseline: boolean;
}

/** `ignore RULE [SUBJECT] "REASON"` in `lint { … }`: a finding the team accepted. Values as written. */
export interface LintIgnore {
  readonly rule: string;
  readonly subject: string | null;
  readonly reason: string | null;
  readonly origin: Origin;
}

/** Where the IR's facts came from. No artifact depends on it. */
export interface Provenance {
  /** Sorted by key; the entries of one key in the order written (bases first, the extending policy last). */
  readonly settings: readonly SettingOrigin[];
  /** The syscall rules as written, bases first. */
  readonly syscallRules: readonly WrittenSyscallRule[];
  /** For every syscall a rule or the baseline mentions; sorted by first name, names disjoint. */
  readonly syscalls: readonly SyscallDecision[];
  /** The lint suppressions, bases first. */
  readonly ignores: readonly LintIgnore[];
}
