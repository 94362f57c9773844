/**
 * The typed policy AST: what the decoder makes of the syntax tree. Readonly, with the span of each
 * part a user can get wrong (the name, the value), so checks point at exactly the faulty token.
 * Names are kept as written (`net_bind_service`, `@file-io`); the checks resolve them.
 */
import type { RefusedLimit } from './data/refused-limits.js';
import type { Span, Spanned } from './source.js';

/** One term of a value in a syscall argument condition: a literal or a named constant (`AF_INET`). */
export type ArgTerm = { readonly kind: 'number'; readonly value: number } | { readonly kind: 'constant'; readonly name: string };

/** A numeric value in a syscall argument condition: a term, or terms ORed bitwise (`SOCK_STREAM | SOCK_CLOEXEC`). */
export type ArgValue = ArgTerm | { readonly kind: 'or'; readonly terms: readonly Spanned<ArgTerm>[] };

/** One argument condition: `arg0 == V`, `arg0 in [A, B]`, `arg1 & MASK == V`, `arg1 & MASK != V`. */
export interface ConditionAst {
  readonly span: Span;
  readonly index: number;
  readonly op: 'EQ' | 'NE' | 'LT' | 'LE' | 'GT' | 'GE' | 'IN' | 'MASKED_EQ' | 'MASKED_NE';
  /** The compared values: one, or several for `in`. */
  readonly values: readonly Spanned<ArgValue>[];
  /** The mask, for `&`. */
  readonly mask: Spanned<ArgValue> | null;
  /** The condition as written, whitespace folded (`arg1 != TIOCSTI`), for explain and diff. */
  readonly text: string;
}

/** A seccomp action as written. `errno` is a name (`EPERM`) or a number. */
export type ActionAst =
  | { readonly kind: 'allow' | 'kill' | 'trap' | 'log' }
  | { readonly kind: 'errno'; readonly errno: Spanned<string> };

/** `allow NAME, @group if COND and COND` / `deny NAME with ACTION`. */
export interface SyscallRuleAst {
  readonly verb: 'allow' | 'deny';
  readonly span: Span;
  /** What the rule says, as a short text for comments and explain (`allow @network-server`). */
  readonly text: string;
  readonly targets: readonly Spanned<{ readonly kind: 'name' | 'group'; readonly name: string }>[];
  readonly conditions: readonly ConditionAst[];
  readonly action: Spanned<ActionAst> | null;
  /**
   * `allow clone unrestricted`: the word that lifts the argument restriction secpol puts on a call
   * by default (clone without namespace flags). Warned.
   */
  readonly unrestricted: Spanned<true> | null;
  /** Higher wins when policies that extend one another disagree (the extending policy is highest). */
  readonly precedence: number;
}

/** `publish [IP:][HOSTPORT] -> PORT[/PROTO]` */
export interface PublishAst {
  readonly span: Span;
  readonly hostIp: Spanned<string> | null;
  readonly hostPort: Spanned<number> | null;
  readonly containerPort: Spanned<number>;
  readonly protocol: Spanned<'tcp' | 'udp'>;
}

/** `join NAME [internal]`: a network the workload joins; `internal` gives it no route out. */
export interface JoinAst {
  readonly span: Span;
  readonly name: Spanned<string>;
  /** The word `internal`, when written. */
  readonly internal: Spanned<true> | null;
}

/** `tmpfs PATH size N [exec] [mode 1777] [readonly]` */
export interface TmpfsAst {
  readonly span: Span;
  readonly target: Spanned<string>;
  readonly size: Spanned<number> | null;
  readonly exec: boolean;
  readonly readonly: boolean;
  readonly mode: Spanned<number> | null;
}

/** `volume NAME -> PATH [readonly]` or `bind "HOST" -> PATH [readonly|writable]` */
export interface MountAst {
  readonly span: Span;
  readonly kind: 'volume' | 'bind';
  readonly source: Spanned<string>;
  readonly target: Spanned<string>;
  readonly readonly: boolean;
  /** `relabel shared|private`: the word after `relabel`, judged by a check. */
  readonly relabel: Spanned<string> | null;
}

/**
 * `selinux { user U  role R  type T  level "L" }` or `selinux disable`: the workload's SELinux label.
 * Parts are kept as written; a check judges their shape.
 */
export interface SelinuxAst {
  /** The `selinux` keyword. */
  readonly span: Span;
  /** `selinux disable`: the word `disable`. */
  readonly disable: Spanned<string> | null;
  readonly user: Spanned<string> | null;
  readonly role: Spanned<string> | null;
  readonly type: Spanned<string> | null;
  readonly level: Spanned<string> | null;
}

/** `read|write|exec|deny PATH, PATH` — one entry per path. */
export interface PathRuleAst {
  readonly access: 'read' | 'write' | 'exec' | 'deny';
  readonly path: Spanned<string>;
  readonly text: string;
}

/** `nofile 1024:2048` */
export interface UlimitAst {
  readonly span: Span;
  readonly name: Spanned<string>;
  readonly soft: number;
  readonly hard: number;
}

/** A `name = value` pair (env, sysctl). */
export interface KeyValueAst {
  readonly span: Span;
  readonly name: Spanned<string>;
  readonly value: Spanned<string>;
}

/**
 * `ignore RULE [SUBJECT] "REASON"` in a `lint { … }` block: a lint finding the team has accepted, with
 * the reason a reviewer reads. `reason` is null when none was written (a check reports it).
 */
export interface LintIgnoreAst {
  readonly span: Span;
  /** A lint rule id (`SPL101`) or name (`dangerous-capability`), as written. */
  readonly rule: Spanned<string>;
  /** Narrows the suppression to one finding's subject (`SYS_ADMIN`, `ptrace`, `/var/run/docker.sock`). */
  readonly subject: Spanned<string> | null;
  readonly reason: Spanned<string> | null;
}

/**
 * `uid-map 0 -> 100000 count 65536` (or `gid-map`) in `namespaces { … }`: ids CONTAINER_ID … +SIZE-1
 * inside the user namespace are HOST_ID … +SIZE-1 on the host (user_namespaces(7)).
 */
export interface IdMapAst {
  readonly span: Span;
  readonly kind: 'uid' | 'gid';
  readonly containerId: Spanned<number>;
  readonly hostId: Spanned<number>;
  readonly size: Spanned<number>;
}

/** A limit secpol refuses to set (`oom-score-adj`, `oom-kill-disable`), kept so a check can say why. */
export interface RefusedLimitAst {
  /** As written: `oom_score_adj` and other near misses are recognised too. */
  readonly name: Spanned<string>;
  /** The knob it was read as. */
  readonly knob: RefusedLimit;
}

/** A limit: a number, or null for `unlimited`. */
export type LimitValue = Spanned<number | null>;

/** One workload, as decoded from one file (or, after phase 2, merged from its bases). */
export interface WorkloadAst {
  readonly name: Spanned<string>;
  readonly image: Spanned<string> | null;
  readonly entrypoint: Spanned<readonly string[]> | null;
  readonly command: Spanned<readonly string[]> | null;
  readonly workdir: Spanned<string> | null;
  readonly env: readonly KeyValueAst[];
  readonly hostname: Spanned<string> | null;
  /** `user 101:101`; `root` is uid 0 gid 0 written deliberately. */
  readonly user: Spanned<{ readonly uid: number; readonly gid: number; readonly root: boolean }> | null;
  readonly groups: readonly Spanned<number>[];
  readonly noNewPrivileges: Spanned<boolean> | null;
  readonly apparmorProfile: Spanned<string> | null;
  /** `selinux …`: the SELinux label, or null for the engine's. */
  readonly selinux: SelinuxAst | null;
  /** `runtime NAME`: the OCI runtime, as written; null for the engine's default. */
  readonly runtime: Spanned<string> | null;
  /** `untrusted`: the workload runs code its operators do not trust (the keyword's span). */
  readonly untrusted: Spanned<boolean> | null;
  readonly arch: Spanned<readonly Spanned<string>[]> | null;
  readonly network: {
    readonly mode: Spanned<string> | null;
    /** `join NAME [internal]` statements, in the order written. */
    readonly joins: readonly JoinAst[];
    readonly publish: readonly PublishAst[];
    readonly protocols: readonly Spanned<string>[];
  };
  readonly filesystem: {
    readonly root: Spanned<'readonly' | 'writable'> | null;
    readonly tmpfs: readonly TmpfsAst[];
    readonly mounts: readonly MountAst[];
    readonly paths: readonly PathRuleAst[];
  };
  readonly capabilities: {
    readonly add: readonly Spanned<string>[];
    readonly drop: readonly Spanned<string>[];
  };
  readonly syscalls: {
    readonly defaultAction: Spanned<ActionAst> | null;
    readonly baseline: Spanned<boolean> | null;
    readonly rules: readonly SyscallRuleAst[];
  };
  readonly namespaces: Readonly<Record<'pid' | 'ipc' | 'uts' | 'user' | 'cgroup', Spanned<string> | null>>;
  /** The user namespace's id mappings (`uid-map`, `gid-map` in `namespaces { … }`), as written. */
  readonly idMaps: { readonly uid: readonly IdMapAst[]; readonly gid: readonly IdMapAst[] };
  readonly sysctls: readonly KeyValueAst[];
  readonly limits: {
    readonly memory: LimitValue | null;
    readonly memorySwap: LimitValue | null;
    readonly memoryReservation: LimitValue | null;
    readonly cpus: LimitValue | null; // thousandths of a CPU
    readonly cpuShares: LimitValue | null;
    readonly pids: LimitValue | null;
    readonly ulimits: readonly UlimitAst[];
    /** OOM knobs, refused by a check. */
    readonly refused: readonly RefusedLimitAst[];
  };
  /** Lint findings accepted with a reason (`lint { ignore … }`); no artifact depends on them. */
  readonly lint: { readonly ignores: readonly LintIgnoreAst[] };
}

/** `extends "./base.secpol"` or `extends preset NAME`. */
export type ExtendsAst =
  | { readonly kind: 'file'; readonly path: Spanned<string> }
  | { readonly kind: 'preset'; readonly name: Spanned<string> };

/** One decoded file. */
export interface PolicyAst {
  readonly extends: readonly ExtendsAst[];
  readonly workload: WorkloadAst | null;
}
