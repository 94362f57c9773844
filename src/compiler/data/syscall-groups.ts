/**
 * The syscall groups of the secpol language (`allow @network-server`) and the runtime baseline the
 * lowering adds to every filter.
 *
 * A group lists names that exist on at least one target architecture, the 32-bit spellings
 * included (fstat64, _llseek, mmap2, chown32, *_time64 …): the lowering expands a group per
 * architecture and drops the names that do not exist there, so a group means the same on every
 * architecture. Groups overlap where a syscall serves two purposes (poll is network-client and events).
 *
 * What no group contains, on purpose: a policy that needs one of these must name it, where a check can
 * warn and a reviewer can see it.
 *  - Namespaces and mounts: unshare, setns, clone3, mount, umount2, pivot_root, chroot, the new mount
 *    API (fsopen, fsmount, move_mount, open_tree …). clone3 passes its flags in a struct that seccomp
 *    cannot read, so it cannot be limited like clone; Docker makes it fail with ENOSYS so that libc
 *    falls back to clone (moby default.json), and the lowering should do the same when it allows clone.
 *  - Other processes' memory and the kernel's: ptrace, process_vm_readv/writev, kcmp, pidfd_getfd,
 *    process_madvise, perf_event_open, bpf, userfaultfd (a classic aid for kernel-race exploits).
 *  - Kernel and host state: init_module, finit_module, delete_module, kexec_load, kexec_file_load,
 *    reboot, swapon, swapoff, acct, quotactl, syslog, sethostname, setdomainname, settimeofday,
 *    clock_settime, adjtimex, iopl, ioperm, modify_ldt, vhangup, lookup_dcookie, sync, syncfs.
 *  - Keyrings: keyctl, add_key, request_key (not namespaced: a container could reach the host's keys).
 *  - personality: only a few personas are safe (Docker allows exactly 0x0, 0x8, 0x20000, 0x20008 and the
 *    query 0xffffffff); others turn off ASLR or make readable memory executable. Write it with conditions.
 *  - Multiplexers whose arguments are behind a pointer: socketcall (x86) carries every socket call,
 *    so allowing it would let a 32-bit process open any socket family past the `socket` conditions
 *    the network grants lower to. 32-bit x86 glibc still goes through it; a policy that runs such a
 *    binary must allow `socketcall` by name. (`ipc` is in @ipc: it only reaches the SysV calls listed there.)
 *  - io_uring_setup/enter/register: io_uring performs reads, writes, connects and opens without
 *    making those syscalls, so a seccomp filter cannot see them (Docker denies it too).
 *  - memfd_create and memfd_secret: anonymous files that can be executed by fd (execveat), which sidesteps
 *    path-based exec rules. Name them when a runtime (JITs, Chromium) needs them.
 */
import { DOCKER_DEFAULT_UNCONDITIONAL, DOCKER_DEFAULT_SOURCE } from './generated/docker-default-syscalls.js';

/** The version of the group definitions; bumped whenever a group gains or loses a name. */
export const SYSCALL_GROUPS_VERSION = 1;

/** One syscall group: `name` is written `@name` in policies. */
export interface SyscallGroup {
  readonly name: string;
  readonly description: string;
  /** Sorted, without duplicates. */
  readonly syscalls: readonly string[];
}

const sorted = (names: readonly string[]): readonly string[] => Object.freeze([...new Set(names)].sort());
const group = (name: string, description: string, syscalls: readonly string[]): SyscallGroup =>
  Object.freeze({ name, description, syscalls: sorted(syscalls) });

// Reading and writing through descriptors, and the path lookups every program does. ioctl is here
// because libc needs it for ordinary I/O (isatty → TCGETS, terminal sizes); what it can do is bounded
// by the devices the container can open. TIOCSTI is its notable risk (typing into the controlling
// terminal; kernels ≥ 6.2 can turn it off with dev.tty.legacy_tiocsti), and a policy can deny it with a
// condition. truncate and fallocate change contents, not names, so they count as I/O.
const FILE_IO = [
  'read', 'readv', 'pread64', 'preadv', 'preadv2',
  'write', 'writev', 'pwrite64', 'pwritev', 'pwritev2',
  'open', 'openat', 'openat2', 'creat', 'close', 'close_range',
  'lseek', '_llseek',
  'stat', 'lstat', 'fstat', 'newfstatat', 'stat64', 'lstat64', 'fstat64', 'fstatat64', 'statx',
  'statfs', 'fstatfs', 'statfs64', 'fstatfs64',
  'access', 'faccessat', 'faccessat2', 'readlink', 'readlinkat',
  'getdents', 'getdents64', 'getcwd', 'chdir', 'fchdir',
  'fcntl', 'fcntl64', 'dup', 'dup2', 'dup3', 'pipe', 'pipe2', 'ioctl', 'flock',
  'fsync', 'fdatasync', 'sync_file_range', 'arm_sync_file_range',
  'fadvise64', 'fadvise64_64', 'arm_fadvise64_64', 'readahead',
  'truncate', 'truncate64', 'ftruncate', 'ftruncate64', 'fallocate',
  'sendfile', 'sendfile64', 'splice', 'tee', 'copy_file_range',
  'getxattr', 'lgetxattr', 'fgetxattr', 'getxattrat', 'listxattr', 'llistxattr', 'flistxattr', 'listxattrat',
];

// Changes to names, modes, owners and times. mknod is here because mkfifo uses it; device nodes also
// need CAP_MKNOD and the device cgroup's permission. Changing owners needs CAP_CHOWN, except to oneself.
const FILE_META = [
  'chmod', 'fchmod', 'fchmodat', 'fchmodat2',
  'chown', 'fchown', 'lchown', 'fchownat', 'chown32', 'fchown32', 'lchown32',
  'rename', 'renameat', 'renameat2', 'unlink', 'unlinkat', 'rmdir', 'mkdir', 'mkdirat',
  'link', 'linkat', 'symlink', 'symlinkat', 'mknod', 'mknodat', 'umask',
  'utime', 'utimes', 'utimensat', 'utimensat_time64', 'futimesat',
  'setxattr', 'lsetxattr', 'fsetxattr', 'setxattrat', 'removexattr', 'lremovexattr', 'fremovexattr', 'removexattrat',
];

// A client: create sockets, connect, talk, wait. `socket` itself is lowered with conditions on the
// families and types the policy's network grants allow. socketpair makes a connected pair of local
// sockets and needs no network.
const NETWORK_CLIENT = [
  'socket', 'socketpair', 'connect', 'shutdown', 'getsockname', 'getpeername', 'getsockopt', 'setsockopt',
  'sendto', 'send', 'sendmsg', 'sendmmsg', 'recvfrom', 'recv', 'recvmsg', 'recvmmsg', 'recvmmsg_time64',
  'poll', 'ppoll', 'ppoll_time64', 'select', '_newselect', 'pselect6', 'pselect6_time64',
];

// Processes and threads: create, exec, wait, exit, and the per-thread set-up libc does for each new
// thread (set_tid_address, set_robust_list, rseq, TLS: arch_prctl on x86_64, set_thread_area on x86,
// set_tls on arm). clone is here by name only; the lowering should restrict its flags as Docker does
// (arg 0 MASKED_EQ 0x7e020000 == 0: no CLONE_NEW*), and answer clone3 with ENOSYS (see above).
// Raising a priority or scheduling class needs CAP_SYS_NICE, so the sched_set* calls are safe here.
const PROCESS = [
  'clone', 'fork', 'vfork', 'execve', 'execveat', 'wait4', 'waitid', 'waitpid', 'exit', 'exit_group',
  'getpid', 'getppid', 'gettid', 'getpgid', 'getpgrp', 'setpgid', 'getsid', 'setsid', 'pidfd_open',
  'prctl', 'arch_prctl', 'set_tid_address', 'set_robust_list', 'get_robust_list', 'rseq',
  'set_thread_area', 'get_thread_area', 'set_tls', 'get_tls',
  'getrlimit', 'ugetrlimit', 'setrlimit', 'prlimit64', 'getrusage', 'times', 'getpriority', 'setpriority',
  'sched_yield', 'sched_getaffinity', 'sched_setaffinity', 'sched_getparam', 'sched_setparam',
  'sched_getscheduler', 'sched_setscheduler', 'sched_getattr', 'sched_setattr',
  'sched_get_priority_max', 'sched_get_priority_min', 'sched_rr_get_interval', 'sched_rr_get_interval_time64',
];

// Signal handling and sending. kill reaches only processes the caller may signal (same user, or
// CAP_KILL) inside the container's PID namespace. restart_syscall resumes a sleep a signal interrupted.
const SIGNALS = [
  'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'rt_sigsuspend', 'rt_sigpending',
  'rt_sigtimedwait', 'rt_sigtimedwait_time64', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo',
  'sigaction', 'sigprocmask', 'sigreturn', 'sigsuspend', 'sigpending', 'signal', 'sigaltstack',
  'kill', 'tkill', 'tgkill', 'pidfd_send_signal', 'pause', 'signalfd', 'signalfd4', 'restart_syscall',
];

// Reading clocks, sleeping and timers. Setting a clock (settimeofday, clock_settime, adjtimex,
// clock_adjtime) is not here: it needs CAP_SYS_TIME and changes the host's time.
const TIMERS = [
  'clock_gettime', 'clock_gettime64', 'clock_getres', 'clock_getres_time64',
  'clock_nanosleep', 'clock_nanosleep_time64', 'nanosleep', 'gettimeofday', 'time',
  'timer_create', 'timer_delete', 'timer_settime', 'timer_settime64', 'timer_gettime', 'timer_gettime64',
  'timer_getoverrun', 'timerfd_create', 'timerfd_settime', 'timerfd_settime64', 'timerfd_gettime',
  'timerfd_gettime64', 'alarm', 'getitimer', 'setitimer',
];

// The address space of the process itself. NUMA placement (mbind, set_mempolicy, migrate_pages,
// move_pages) needs CAP_SYS_NICE in Docker's profile and is left out; remap_file_pages is deprecated.
// map_shadow_stack is what CET-enabled glibc uses for each new thread's shadow stack.
const MEMORY = [
  'brk', 'mmap', 'mmap2', 'munmap', 'mprotect', 'mremap', 'madvise', 'msync', 'mincore',
  'mlock', 'mlock2', 'munlock', 'mlockall', 'munlockall', 'mseal',
  'pkey_alloc', 'pkey_free', 'pkey_mprotect', 'map_shadow_stack',
];

// Waiting for and waking other threads.
const SYNC = [
  'futex', 'futex_time64', 'futex_waitv', 'futex_wait', 'futex_wake', 'futex_requeue',
  'set_robust_list', 'get_robust_list', 'membarrier', 'sched_yield',
];

// Event loops: readiness, eventfd and inotify. fanotify needs CAP_SYS_ADMIN and is left out.
// epoll_ctl_old/epoll_wait_old are unused x86_64 leftovers that no libc calls.
const EVENTS = [
  'epoll_create', 'epoll_create1', 'epoll_ctl', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2',
  'eventfd', 'eventfd2', 'poll', 'ppoll', 'ppoll_time64', 'select', '_newselect', 'pselect6', 'pselect6_time64',
  'inotify_init', 'inotify_init1', 'inotify_add_watch', 'inotify_rm_watch',
];

// Who am I: read-only. capget reads the caller's own capability sets.
const IDENTITY = [
  'getuid', 'geteuid', 'getgid', 'getegid', 'getgroups', 'getresuid', 'getresgid',
  'getuid32', 'geteuid32', 'getgid32', 'getegid32', 'getgroups32', 'getresuid32', 'getresgid32', 'capget',
];

// Becoming someone else. Each needs CAP_SETUID/CAP_SETGID (or CAP_SETPCAP for capset beyond dropping).
const SET_IDENTITY = [
  'setuid', 'setgid', 'setreuid', 'setregid', 'setresuid', 'setresgid', 'setgroups', 'setfsuid', 'setfsgid',
  'setuid32', 'setgid32', 'setreuid32', 'setregid32', 'setresuid32', 'setresgid32', 'setgroups32',
  'setfsuid32', 'setfsgid32', 'capset',
];

// System facts any program may read; nothing here reveals another process.
const SYSTEM_INFO = ['uname', 'sysinfo', 'getrandom', 'getcpu'];

// Linux native AIO (databases use it). io_uring is deliberately not here (see above).
const ASYNC_IO = ['io_setup', 'io_destroy', 'io_submit', 'io_cancel', 'io_getevents', 'io_pgetevents', 'io_pgetevents_time64'];

// SysV and POSIX IPC; both are per IPC namespace, which every container has unless it shares the host's.
const IPC = [
  'msgget', 'msgsnd', 'msgrcv', 'msgctl', 'semget', 'semop', 'semtimedop', 'semtimedop_time64', 'semctl',
  'shmget', 'shmat', 'shmdt', 'shmctl', 'ipc',
  'mq_open', 'mq_unlink', 'mq_timedsend', 'mq_timedsend_time64', 'mq_timedreceive', 'mq_timedreceive_time64',
  'mq_notify', 'mq_getsetattr',
];

/** The groups, by name. */
export const SYSCALL_GROUPS: readonly SyscallGroup[] = Object.freeze([
  group('file-io', 'read, write and look up files through descriptors and paths, without renaming or re-owning anything', FILE_IO),
  group('file-meta', 'create, rename, link, delete, re-own and re-mode files and directories', FILE_META),
  group('network-client', 'open sockets, connect, send and receive (socket families follow the network grants)', NETWORK_CLIENT),
  group('network-server', 'everything in @network-client, plus bind, listen and accept', [...NETWORK_CLIENT, 'bind', 'listen', 'accept', 'accept4']),
  group('process', 'create, execute, wait for and end processes and threads; scheduling and limits (no clone3, unshare or setns)', PROCESS),
  group('signals', 'handle, block, wait for and send signals', SIGNALS),
  group('timers', 'read clocks, sleep and use timers (setting a clock is not included)', TIMERS),
  group('memory', 'map, protect, lock and release memory of the process itself', MEMORY),
  group('sync', 'futexes and memory barriers for threads', SYNC),
  group('events', 'epoll, poll, select, eventfd and inotify', EVENTS),
  group('identity', 'read user, group and capability identity', IDENTITY),
  group('set-identity', 'change user, group, supplementary groups and capabilities (needs CAP_SETUID/CAP_SETGID)', SET_IDENTITY),
  group('system-info', 'uname, sysinfo, getrandom and getcpu', SYSTEM_INFO),
  group('async-io', 'Linux native asynchronous I/O (io_setup, io_submit …); not io_uring', ASYNC_IO),
  group('ipc', 'System V and POSIX message queues, semaphores and shared memory', IPC),
  group(
    'docker-default',
    `what Docker's default seccomp profile allows unconditionally (${DOCKER_DEFAULT_SOURCE}); its rules that depend on `
      + 'arguments (socket, personality, clone), on capabilities or on the architecture (arch_prctl, modify_ldt, the arm-private calls) are not part of it',
    DOCKER_DEFAULT_UNCONDITIONAL,
  ),
]);

/** The group called `name` (without the `@`), or undefined. */
export function syscallGroup(name: string): SyscallGroup | undefined {
  return SYSCALL_GROUPS.find((g) => g.name === name);
}

// ── The runtime baseline ─────────────────────────────────────────────────────────────────────────
//
// The filter applies from the moment the runtime installs it, and the runtime still has work to do
// before the workload's first instruction. runc (libcontainer/standard_init_linux.go, Init, at
// opencontainers/runc 76d9cf5da568, after v1.5.0; setns_init_linux.go for `exec` is the same) installs
// it as late as it can: with no_new_privs, after looking up the executable and just before closing its
// sync pipes, opening the exec fifo and execve (lines 236-305); without no_new_privs seccomp is a
// privileged operation, so it installs it BEFORE finalizeNamespace drops capabilities and switches
// user (lines 190-205; init_linux.go finalizeNamespace and setupUser). crun (src/libcrun/container.c at
// containers/crun ba38286f7d23) does the same in both cases. The filter covers every thread of
// `runc init` (libseccomp-golang sets TSYNC; runc's seccomp_linux.go setFlag), so the Go runtime's own
// background calls must pass too. Then the workload's loader and libc start-up run under it.

/** What runc does after installing the filter when no_new_privs is set, then execve. */
const RUNC_AFTER_FILTER = [
  'close', // its sync and log pipes, the exec fifo, and UnsafeCloseFrom closing every fd it does not pass on
  'openat', 'openat2', // pathrs Reopen of the exec fifo through /proc/thread-self/fd; openat2 with RESOLVE_* when the kernel has it
  'statx', // pathrs checks the /proc/thread-self/fd magic link is not over-mounted (STATX_MNT_ID)
  'readlinkat', // pathrs' /proc lookup without openat2 resolves links itself
  'fcntl', // os.NewFile reads the fd's flags; pathrs dups with F_DUPFD_CLOEXEC
  'getdents64', // UnsafeCloseFrom lists /proc/thread-self/fd
  // Seen on Debian 12's runc 1.1.5+ds1-1+deb12u1 (the CVE-2024-21626 fix backported) under Docker
  // 20.10: without fstatfs a container with only this baseline fails to start with "ensure
  // /proc/self/fd is on procfs: operation not permitted" (utils.EnsureProcHandle before
  // UnsafeCloseFrom, and CloseExecFrom before the privilege drop without no_new_privs).
  'fstatfs',
  'write', // "0" into the exec fifo: what `runc start` waits for
  'getpid', // the state it passes to StartContainer hooks
  'gettid', // pathrs falls back to /proc/self/task/<tid> on kernels without /proc/thread-self
  'execve', // linux.Exec of the workload
];

/** The Go runtime of `runc init`, whose threads keep running until execve. */
const GO_RUNTIME = [
  'futex', 'nanosleep', 'sched_yield', // parking and waking threads; sysmon's sleeps
  'epoll_pwait', 'epoll_wait', 'epoll_ctl', // the netpoller (epoll_wait: Go < 1.21 on amd64) and closing polled fds
  'tgkill', 'rt_sigreturn', 'rt_sigprocmask', 'sigaltstack', // preemption signals (SIGURG) sent to each thread
  'mmap', 'munmap', 'madvise', // heap growth and the scavenger returning memory
  'clock_gettime', // served by the vDSO; a real syscall where the vDSO is missing
  'exit', 'exit_group', // a thread ending; runc exiting on an error
];
// Not clone: the Go runtime may start a new thread (clone with CLONE_VM|CLONE_THREAD…, no namespace flag)
// when one blocks, but `runc init` runs with GOMAXPROCS(1) and has its threads by then. Allowing clone
// unconditionally would hand every workload fork and threads; a policy that needs them says @process.

/** The workload's dynamic loader (glibc ld.so, musl) and libc start-up, before main(). */
const LOADER = [
  'brk', 'mmap', 'munmap', 'mprotect', // mapping the program and its libraries; malloc's first heap
  'open', 'openat', 'read', 'pread64', 'close', // ld.so.cache, the libraries (musl opens with open on x86_64/arm), ELF notes
  'fstat', 'newfstatat', 'statx', // sizing what it maps (glibc ≥ 2.33 does fstat as newfstatat(AT_EMPTY_PATH))
  'access', 'faccessat', // glibc's check for /etc/ld.so.preload (aarch64 has no access)
  'readlink', 'readlinkat', // $ORIGIN in RPATH resolves /proc/self/exe
  'arch_prctl', // x86_64 and x32: set the FS base for TLS
  'set_tid_address', 'set_robust_list', 'rseq', // per-thread set-up of the main thread (rseq: glibc ≥ 2.35)
  'prlimit64', // glibc reads RLIMIT_STACK for the default thread stack size
  'getrandom', // glibc's malloc seeds its tcache key
  'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'futex', 'getpid', 'gettid',
  'exit', 'exit_group', // a program that ends at once still has to end
];

/** The same start-up spelled for the 32-bit companions (x86, arm); the lowering drops what an architecture lacks. */
const LOADER_32BIT = [
  'mmap2', 'fstat64', 'fstatat64', // 32-bit mmap and stat
  'set_thread_area', // x86: TLS through a GDT entry (x86_64 has it too, for 32-bit code; Docker allows it)
  'set_tls', // arm: the TLS register (ARM-private syscall 0x0f0005)
  'ugetrlimit', // older 32-bit glibc reads RLIMIT_STACK with it
  'futex_time64', 'clock_gettime64', // time64 glibc (≥ 2.34) on 32-bit
];

/**
 * Syscalls every filter allows when no_new_privs is set (the default): what runc and crun do after
 * installing the filter, plus the loader and libc start-up of the workload. Sorted.
 */
export const RUNTIME_BASELINE_NNP: readonly string[] = sorted([...RUNC_AFTER_FILTER, ...GO_RUNTIME, ...LOADER, ...LOADER_32BIT]);

/** What the runtime does between installing the filter and the no_new_privs path when no_new_privs is off. */
const PRIVILEGE_DROP = [
  'close_range', // CloseExecFrom marks inherited fds close-on-exec (fcntl F_SETFD when close_range fails)
  'chdir', 'getcwd', // the process cwd, then verifyCwd's check that it is inside the container (CVE-2024-21626)
  'capget', 'capset', // reading the current sets, then applying the configured ones
  'prctl', // PR_CAPBSET_DROP, PR_SET_KEEPCAPS on and off, PR_CAP_AMBIENT, restoring PR_SET_PDEATHSIG
  'fchown', // fixStdioPermissions: hand the stdio fds to the container user
  'setgroups', 'setgid', 'setuid', // runc's setupUser (Go performs each on every thread: tgkill + rt_sigreturn)
  'setresgid', 'setresuid', // crun's set_required_caps
  'getppid', // runc checks its parent is still the one that started it
  'faccessat2', 'stat', 'lstat', // exec.LookPath (os.Stat, then faccessat2(AT_EACCESS)); stat/lstat: older Go and glibc
];
// Not fchdir: neither runtime calls it after the filter (crun's fchdir is part of pivot_root, much earlier).

/**
 * Syscalls every filter allows when no_new_privs is off: RUNTIME_BASELINE_NNP plus the privilege drop
 * the runtime performs under the filter. Sorted.
 */
export const RUNTIME_BASELINE_NO_NNP: readonly string[] = sorted([...RUNTIME_BASELINE_NNP, ...PRIVILEGE_DROP]);
