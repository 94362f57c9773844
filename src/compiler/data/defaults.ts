/**
 * What a policy gets by writing nothing: the safe choice everywhere. Documented in docs/language.md
 * ("Defaults"); a change here is a change of every artifact and is reviewed as such. Read by the
 * lowering (5-lower), by the syscall precedence and filter modules (syscall-rules.ts,
 * syscall-filter.ts) and by the checks that judge a value the policy leaves out (user-is-mapped).
 */
const MiB = 1024 * 1024;

/** The defaults of the language. */
export const DEFAULTS = {
  /** `nobody:nogroup`: a non-root user that owns nothing. */
  user: { uid: 65534, gid: 65534 },
  noNewPrivileges: true,
  rootReadonly: true,
  /** tmpfs without `size`: a tmpfs counts against the memory limit, but a bound keeps one mount from taking it all. */
  tmpfsSize: 64 * MiB,
  /** The read-only tmpfs over an undeclared /dev/shm or /dev/mqueue holds nothing: its size is a formality. */
  readonlyTmpfsSize: 64 * 1024,
  /** No swap either: memory-swap equals memory unless the policy says otherwise (the lowering). */
  memory: 512 * MiB,
  pids: 256,
  milliCpus: 1000,
  /** No core dumps (they can hold secrets) and a bounded number of open files. */
  ulimits: [
    { name: 'core', soft: 0, hard: 0 },
    { name: 'nofile', soft: 4096, hard: 4096 },
  ],
  /** Errno for the seccomp default action and for `deny` without `with`. */
  errno: 1, // EPERM
  /** clone3 must fail with ENOSYS, not EPERM, so that glibc falls back to clone(2). */
  clone3Errno: 38, // ENOSYS
  apparmorPrefix: 'secpol-',
} as const;
