/**
 * The syscall groups and the runtime baselines: real names, no dangerous syscall slipped in, and
 * `docker-default` exactly as Docker's default profile defines it.
 */
import { describe, expect, it } from 'vitest';
import {
  RUNTIME_BASELINE_NNP,
  RUNTIME_BASELINE_NO_NNP,
  SYSCALL_GROUPS,
  SYSCALL_GROUPS_VERSION,
  syscallGroup,
} from '../../src/compiler/data/syscall-groups.js';
import { ALL_SYSCALL_NAMES, syscallExists } from '../../src/compiler/data/syscall-table.js';
import { ARCHES, readReference } from './reference.js';

/** The ones the brief names: each must stay an explicit decision in a policy. */
const NEVER = ['clone3', 'unshare', 'setns', 'ptrace', 'bpf', 'mount', 'kexec_load', 'init_module', 'userfaultfd', 'keyctl', 'add_key', 'request_key', 'personality'];
/** More that the groups leave out on purpose (see the comment of syscall-groups.ts); Docker's own list has some. */
const NOT_IN_SECPOL_GROUPS = [
  ...NEVER, 'umount2', 'pivot_root', 'chroot', 'fsopen', 'fsmount', 'move_mount', 'open_tree', 'mount_setattr', 'process_vm_readv', 'process_vm_writev',
  'kcmp', 'pidfd_getfd', 'perf_event_open', 'finit_module', 'delete_module', 'kexec_file_load', 'reboot', 'swapon', 'swapoff', 'acct', 'quotactl',
  'syslog', 'sethostname', 'setdomainname', 'settimeofday', 'clock_settime', 'adjtimex', 'clock_adjtime', 'iopl', 'ioperm', 'modify_ldt', 'vhangup',
  'io_uring_setup', 'io_uring_enter', 'io_uring_register', 'socketcall', 'memfd_create', 'open_by_handle_at', 'sync', 'syncfs', 'fanotify_init',
];

/** The 32-bit spellings: names a group may hold although neither x86_64 nor aarch64 has them. */
const is32bitSpelling = (n: string): boolean =>
  /(32|64|_time64)$/.test(n) || ['_llseek', '_newselect', 'send', 'recv', 'sigaction', 'signal', 'sigpending', 'sigprocmask', 'sigreturn', 'sigsuspend',
    'waitpid', 'ugetrlimit', 'mmap2', 'set_tls', 'get_tls', 'ipc', 'socketcall', 'arm_fadvise64_64', 'arm_sync_file_range'].includes(n);

const lists: [string, readonly string[]][] = [
  ...SYSCALL_GROUPS.map((g): [string, readonly string[]] => [`@${g.name}`, g.syscalls]),
  ['RUNTIME_BASELINE_NNP', RUNTIME_BASELINE_NNP],
  ['RUNTIME_BASELINE_NO_NNP', RUNTIME_BASELINE_NO_NNP],
];

describe('syscall groups and baselines: names', () => {
  it.each(lists)('%s: every name is a syscall on at least one architecture', (_, names) => {
    expect(names.filter((n) => !ARCHES.some((a) => syscallExists(n, a)))).toEqual([]);
  });

  it.each(lists)('%s: names neither x86_64 nor aarch64 has are 32-bit spellings that x86 or arm has', (_, names) => {
    const only32 = names.filter((n) => !syscallExists(n, 'x86_64') && !syscallExists(n, 'aarch64'));
    expect(only32.filter((n) => !is32bitSpelling(n) || !(syscallExists(n, 'x86') || syscallExists(n, 'arm')))).toEqual([]);
  });

  it.each(lists)('%s: sorted, each name once', (_, names) => {
    expect([...names]).toEqual([...new Set(names)].sort());
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(lists)('%s: holds none of the syscalls that must stay explicit', (_, names) => {
    expect(names.filter((n) => NEVER.includes(n))).toEqual([]);
  });

  it.each(lists.filter(([n]) => n !== '@docker-default'))('%s: holds none of the other deliberate omissions', (_, names) => {
    expect(names.filter((n) => NOT_IN_SECPOL_GROUPS.includes(n))).toEqual([]);
  });
});

describe('syscall groups: definitions', () => {
  it('is version 1 with the documented names', () => {
    expect(SYSCALL_GROUPS_VERSION).toBe(1);
    expect(SYSCALL_GROUPS.map((g) => g.name)).toEqual([
      'file-io', 'file-meta', 'network-client', 'network-server', 'process', 'signals', 'timers', 'memory', 'sync', 'events', 'identity', 'set-identity',
      'system-info', 'async-io', 'ipc', 'docker-default',
    ]);
  });

  it('has kebab-case names and one-line descriptions', () => {
    for (const g of SYSCALL_GROUPS) {
      expect(g.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(g.description, g.name).toMatch(/^[^\n]{10,}$/);
    }
  });

  it('finds a group by name without the @', () => {
    expect(syscallGroup('file-io')?.syscalls).toContain('openat');
    expect(syscallGroup('@file-io')).toBeUndefined();
    expect(syscallGroup('nope')).toBeUndefined();
  });

  it('makes network-server network-client plus bind, listen and accept', () => {
    const client = syscallGroup('network-client')!.syscalls;
    const server = syscallGroup('network-server')!.syscalls;
    expect(server.filter((n) => !client.includes(n))).toEqual(['accept', 'accept4', 'bind', 'listen']);
    expect(client.filter((n) => !server.includes(n))).toEqual([]);
    expect(client).not.toContain('bind');
  });

  it.each([
    ['file-io', ['open', 'openat', 'read', 'write', 'close', 'fstat', 'newfstatat', 'statx', 'lseek', 'fcntl', 'getdents64', 'readlink', 'pread64'], ['rename', 'unlink', 'chmod']],
    ['file-meta', ['chmod', 'fchownat', 'rename', 'renameat2', 'unlink', 'unlinkat', 'mkdir', 'mkdirat', 'rmdir', 'symlink'], ['openat', 'read']],
    ['network-client', ['socket', 'connect', 'sendto', 'sendmsg', 'recvfrom', 'recvmsg', 'getsockopt', 'setsockopt', 'shutdown', 'getsockname', 'getpeername', 'poll', 'select', 'pselect6'], ['bind', 'listen', 'accept']],
    ['process', ['clone', 'fork', 'vfork', 'execve', 'execveat', 'wait4', 'waitid', 'exit', 'exit_group', 'getpid', 'prctl', 'arch_prctl', 'set_tid_address'], ['clone3', 'unshare', 'setns', 'ptrace']],
    ['signals', ['rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'kill', 'tgkill', 'sigaltstack'], []],
    ['timers', ['clock_gettime', 'clock_nanosleep', 'nanosleep', 'timer_create', 'timerfd_create', 'alarm'], ['clock_settime', 'settimeofday']],
    ['memory', ['mmap', 'munmap', 'mprotect', 'brk', 'madvise', 'mremap', 'mlock'], ['userfaultfd']],
    ['sync', ['futex', 'futex_waitv', 'set_robust_list'], []],
    ['events', ['epoll_create1', 'epoll_ctl', 'epoll_pwait', 'eventfd2', 'poll', 'ppoll', 'select', 'pselect6', 'inotify_init1'], ['fanotify_init']],
    ['identity', ['getuid', 'geteuid', 'getgid', 'getegid', 'getgroups', 'getresuid', 'capget'], ['setuid', 'capset']],
    ['set-identity', ['setuid', 'setgid', 'setgroups', 'setresuid', 'setresgid', 'capset'], ['getuid']],
    ['system-info', ['uname', 'sysinfo', 'getrandom'], ['syslog']],
  ])('@%s has what its name promises', (name, has, lacks) => {
    const g = syscallGroup(name)!.syscalls;
    expect(has.filter((n) => !g.includes(n))).toEqual([]);
    expect(lacks.filter((n) => g.includes(n))).toEqual([]);
  });
});

describe('docker-default', () => {
  interface Rule {
    names?: string[];
    name?: string;
    action: string;
    args?: unknown[];
    includes?: Record<string, unknown>;
    excludes?: Record<string, unknown>;
  }
  const profile = JSON.parse(readReference('moby-seccomp/default.json')) as { syscalls: Rule[] };
  const blank = (o: Record<string, unknown> | undefined) => o === undefined || Object.values(o).every((v) => v == null || v === '' || (Array.isArray(v) && v.length === 0));
  const plain = profile.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW' && (r.args ?? []).length === 0 && blank(r.includes) && blank(r.excludes));
  const fromDocker = new Set(plain.flatMap((r) => r.names ?? [r.name!]));

  it("equals Docker's unconditional allow rules, less names none of the five architectures has", () => {
    const want = [...fromDocker].filter((n) => ALL_SYSCALL_NAMES.includes(n)).sort();
    expect(syscallGroup('docker-default')!.syscalls).toEqual(want);
    expect(want.length).toBeGreaterThan(350);
  });

  it('drops only names that exist on none of the five', () => {
    const dropped = [...fromDocker].filter((n) => !syscallGroup('docker-default')!.syscalls.includes(n));
    expect(dropped.filter((n) => ARCHES.some((a) => syscallExists(n, a)))).toEqual([]);
    expect(dropped).toEqual(['riscv_hwprobe']);
  });

  it('leaves out the argument- and capability-conditioned rules', () => {
    const g = syscallGroup('docker-default')!.syscalls;
    for (const n of ['socket', 'personality', 'clone', 'clone3', 'ptrace', 'bpf', 'mount', 'chroot', 'reboot', 'arch_prctl', 'modify_ldt'])
      expect(g, n).not.toContain(n);
    expect(syscallGroup('docker-default')!.description).toMatch(/socket, personality, clone/);
  });
});

describe('runtime baselines', () => {
  it('keep the no-no_new_privs baseline a superset of the no_new_privs one', () => {
    expect(RUNTIME_BASELINE_NNP.filter((n) => !RUNTIME_BASELINE_NO_NNP.includes(n))).toEqual([]);
  });

  it('let runc finish and the loader start under no_new_privs', () => {
    const need = ['execve', 'close', 'openat', 'write', 'futex', 'brk', 'mmap', 'munmap', 'mprotect', 'arch_prctl', 'set_tid_address', 'set_robust_list', 'rseq',
      'prlimit64', 'getrandom', 'read', 'pread64', 'fstat', 'newfstatat', 'access', 'faccessat', 'readlink', 'exit', 'exit_group', 'rt_sigaction',
      'rt_sigprocmask', 'rt_sigreturn', 'getpid', 'gettid'];
    expect(need.filter((n) => !RUNTIME_BASELINE_NNP.includes(n))).toEqual([]);
  });

  it('grant no privilege change when no_new_privs is set, and the drop when it is not', () => {
    const drop = ['capget', 'capset', 'prctl', 'setgroups', 'setresuid', 'setresgid', 'setuid', 'setgid', 'getppid', 'chdir', 'fchown'];
    expect(RUNTIME_BASELINE_NNP.filter((n) => drop.includes(n))).toEqual([]);
    expect(drop.filter((n) => !RUNTIME_BASELINE_NO_NNP.includes(n))).toEqual([]);
  });

  it('do not hand out process creation', () => {
    for (const n of ['clone', 'fork', 'vfork', 'execveat']) {
      expect(RUNTIME_BASELINE_NNP, n).not.toContain(n);
      expect(RUNTIME_BASELINE_NO_NNP, n).not.toContain(n);
    }
  });

  it('work on every architecture: each has execve, exit_group, an open, a stat and a map', () => {
    for (const a of ARCHES) {
      const here = RUNTIME_BASELINE_NNP.filter((n) => syscallExists(n, a));
      expect(here, a).toContain('execve');
      expect(here, a).toContain('exit_group');
      expect(here, a).toContain('openat');
      expect(here.some((n) => ['fstat', 'fstat64', 'newfstatat', 'fstatat64', 'statx'].includes(n)), a).toBe(true);
      expect(here.some((n) => ['mmap', 'mmap2'].includes(n)), a).toBe(true);
    }
    // TLS set-up differs per architecture: x86_64/x32 arch_prctl, x86 set_thread_area, arm set_tls, aarch64 none (tpidr_el0).
    expect(RUNTIME_BASELINE_NNP.filter((n) => syscallExists(n, 'arm'))).toContain('set_tls');
    expect(RUNTIME_BASELINE_NNP.filter((n) => syscallExists(n, 'x86'))).toContain('set_thread_area');
  });
});
