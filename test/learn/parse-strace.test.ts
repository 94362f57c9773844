/**
 * parseStrace over a real trace (runc running busybox's shell, recorded with the command learn uses)
 * and over hand-written lines for each case the format has: interleaved `-f` output, unfinished and
 * resumed calls, signals, failed execve, children of every kind, unknown syscalls, 32-bit mode.
 */
import { describe, expect, it } from 'vitest';
import { parseStrace } from '../../src/learn/index.js';
import { fixture } from './harness.js';

const names = (r: ReturnType<typeof parseStrace>): string[] => r.calls.map((c) => c.name);

describe('parseStrace on a recorded runc run', () => {
  const r = parseStrace(fixture('runc-busybox.strace'), { programs: ['/bin/sh'] });

  it('keeps the workload\'s calls and none of runc\'s', () => {
    // runc sets the container up with these before execve; the shell and its children never call them.
    for (const runcOnly of ['pivot_root', 'mount', 'sethostname', 'setns', 'unshare', 'epoll_pwait', 'nanosleep', 'futex', 'execveat']) expect(names(r)).not.toContain(runcOnly);
    // The shell and its children (nc, sleep, wget, mkdir, mv, chown) do.
    for (const workload of ['accept', 'bind', 'listen', 'socket', 'rename', 'mkdir', 'chown', 'wait4', 'clone', 'clock_nanosleep']) expect(names(r)).toContain(workload);
    expect(r.lost).toBe(0);
    expect(r.unknown).toEqual([]);
  });

  it('counts the children placed through --pidns-translation: five shells and programs exec\'d', () => {
    expect(r.calls.find((c) => c.name === 'execve')!.count).toBe(4);
    expect(r.calls.find((c) => c.name === 'clone')!.count).toBe(7);
  });

  it('keeps the arguments a condition may use, raw', () => {
    const socket = r.calls.find((c) => c.name === 'socket')!;
    expect(socket.args!.get(0)).toEqual([10n]); // AF_INET6
    expect(socket.args!.get(1)).toEqual([1n]); // SOCK_STREAM
    expect(r.calls.find((c) => c.name === 'ioctl')!.args!.get(1)).toEqual([0x5401n, 0x5413n]); // TCGETS, TIOCGWINSZ
    expect(r.calls.find((c) => c.name === 'clone')!.args!.get(0)).toEqual([0x1200011n]);
    expect(r.calls.find((c) => c.name === 'read')?.args).toBeUndefined();
  });

  it('reports written paths resolved against the cwd the trace shows, and EPERM results', () => {
    expect(r.writtenPaths).toEqual(['/dev/null', '/tmp/d/o.txt', '/tmp/out.txt']);
    expect(r.permissionDenied).toEqual(['chown']);
  });

  it('is deterministic', () => {
    expect(parseStrace(fixture('runc-busybox.strace'), { programs: ['/bin/sh'] })).toEqual(r);
  });

  it('sees nothing when the program never ran', () => {
    const none = parseStrace(fixture('runc-busybox.strace'), { programs: ['/usr/bin/redis-server'] });
    expect(none.calls).toEqual([]);
  });
});

describe('parseStrace line by line', () => {
  const trace = (lines: string[]): string => `${lines.join('\n')}\n`;

  it('a failed execve makes nothing inside; the successful one does, and earlier calls stay out', () => {
    const r = parseStrace(
      trace([
        '10 openat(-100, "/etc/runc.conf", 0) = 3',
        '10 execve("/usr/local/bin/app", ["app"], 0x1 /* 1 var */) = -1 ENOENT (No such file or directory)',
        '10 getppid() = 1',
        '10 execve("/usr/bin/app", ["app"], 0x1 /* 1 var */) = 0',
        '10 getuid() = 0',
        '10 exit_group(0) = ?',
        '10 +++ exited with 0 +++',
      ]),
      { programs: ['app'] },
    );
    expect(r.calls.map((c) => c.name)).toEqual(['execve', 'exit_group', 'getuid']);
  });

  it('joins unfinished and resumed calls across interleaved processes, and ignores signals', () => {
    const r = parseStrace(
      trace([
        '20 execve("/app", ["/app"], 0x1 /* 1 var */) = 0',
        '20 socket(0x2, 0x80801, 0 <unfinished ...>',
        '21 futex(0x1, 0x80, 0 <unfinished ...>',
        '20 <... socket resumed>) = 3',
        '20 --- SIGCHLD {si_signo=17, si_code=0x1, si_pid=22} ---',
        '21 <... futex resumed>) = 0',
        '20 ioctl(3, 0x5421 <unfinished ...>',
        '20 <... ioctl resumed>, [1]) = 0',
      ]),
      { programs: ['/app'] },
    );
    expect(r.calls.map((c) => c.name)).toEqual(['execve', 'ioctl', 'socket']);
    expect(r.calls.find((c) => c.name === 'socket')!.args).toEqual(new Map([[0, [2n]], [1, [0x80801n]]]));
    expect(r.calls.find((c) => c.name === 'ioctl')!.args).toEqual(new Map([[1, [0x5421n]]]));
  });

  it('places children of clone, fork, vfork and clone3, even when their first calls come before the parent\'s return', () => {
    const r = parseStrace(
      trace([
        '30 execve("/app", ["/app"], 0x1 /* 1 var */) = 0',
        '30 clone(child_stack=NULL, flags=0x1200000|17 <unfinished ...>',
        '31 set_robust_list(0x1, 24) = 0',
        '30 <... clone resumed>, child_tidptr=0x1) = 2 /* 31 in strace\'s PID NS */',
        '31 getpid() = 2',
        '30 vfork() = 32',
        '32 getppid() = 1',
        '30 fork() = 33',
        '33 getuid() = 0',
        '30 clone3({flags=0x3d0f00, child_tid=0x1, parent_tid=0x1, exit_signal=0, stack=0x1, stack_size=0x1, tls=0x1}, 88) = 34',
        '34 gettid() = 34',
        '40 getgid() = 0',
      ]),
      { programs: ['/app'] },
    );
    expect(r.calls.map((c) => c.name)).toEqual(['clone', 'clone3', 'execve', 'fork', 'getpid', 'getppid', 'gettid', 'getuid', 'set_robust_list', 'vfork']);
    // pid 40 was never placed: a child whose parent no clone named (a trace without --pidns-translation).
    expect(r.lost).toBe(1);
  });

  it('a process outside stays outside with its children', () => {
    const r = parseStrace(
      trace([
        '50 clone(child_stack=NULL, flags=0x1200011) = 51',
        '51 mount("proc", "/proc", "proc", 0, NULL) = 0',
        '51 execve("/app", ["/app"], 0x1 /* 1 var */) = 0',
        '51 getuid() = 0',
      ]),
      { programs: ['/app'] },
    );
    expect(r.calls.map((c) => c.name)).toEqual(['execve', 'getuid']);
    expect(r.lost).toBe(0);
  });

  it('names unknown syscalls by number through secpol\'s table, and reports those it lacks', () => {
    const r = parseStrace(
      trace(['60 execve("/app", ["/app"], 0x1 /* 1 var */) = 0', '60 syscall_0x1b6(0x1, 0x2) = -1 ENOSYS (Function not implemented)', '60 syscall_0x3e7(0) = -1 ENOSYS (Function not implemented)']),
      { programs: ['/app'] },
    );
    expect(r.calls.map((c) => c.name)).toEqual(['execve', 'pidfd_getfd']); // 0x1b6 = 438 on x86_64
    expect(r.unknown).toEqual(['x86_64:999']);
  });

  it('follows a process into 32-bit mode', () => {
    const r = parseStrace(trace(['70 execve("/app32", ["/app32"], 0x1 /* 1 var */) = 0', '[ Process PID=70 runs in 32 bit mode. ]', '70 socketcall(0x1, 0x1) = 3']), { programs: ['/app32'] });
    expect(r.calls.map((c) => `${c.arch}:${c.name}`)).toEqual(['x86_64:execve', 'x86:socketcall']);
  });

  it('written paths: write flags only, relative to the traced cwd, unresolved ones counted', () => {
    const r = parseStrace(
      trace([
        '80 chdir("/srv") = 0',
        '80 execve("/app", ["/app"], 0x1 /* 1 var */) = 0',
        '80 openat(-100, "/etc/app.conf", 0x80000) = 3', // O_RDONLY|O_CLOEXEC: a read
        '80 openat(-100, "data/log", 0x441, 0644) = 4', // O_WRONLY|O_CREAT|O_APPEND
        '80 openat(5, "cache", 0x241, 0644) = 6', // relative to a descriptor: unknown
        '80 mkdir("/run/app", 0755) = -1 EROFS (Read-only file system)', // refused by a read-only root: reported
        '80 unlink("/tmp/x") = -1 ENOENT (No such file or directory)', // failed: not reported
        '80 renameat2(-100, "/tmp/a", -100, "/tmp/b", 0) = 0',
        '80 fchdir(3) = 0',
        '80 creat("out", 0644) = 7', // cwd no longer known
      ]),
      { programs: ['/app'] },
    );
    expect(r.writtenPaths).toEqual(['/run/app', '/srv/data/log', '/tmp/a', '/tmp/b']);
    expect(r.unresolvedPaths).toBe(2);
  });
});
