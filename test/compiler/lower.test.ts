import { describe, expect, it } from 'vitest';
import { compileText, workload } from '../support/harness.js';

const ir = (body: string) => {
  const r = compileText(workload(body));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.ir!;
};

describe('lowering', () => {
  it('fills the safe defaults for a policy that says nothing', () => {
    const x = ir('');
    expect(x.user).toEqual({ uid: 65534, gid: 65534, additionalGids: [] });
    expect(x.capabilities).toEqual([]);
    expect(x.noNewPrivileges).toBe(true);
    expect(x.filesystem.rootReadonly).toBe(true);
    expect(x.network.mode).toEqual({ kind: 'none' });
    expect(x.limits).toMatchObject({ memoryBytes: 512 * 1024 ** 2, memorySwapBytes: 512 * 1024 ** 2, pids: 256, milliCpus: 1000 });
    expect(x.limits.ulimits).toEqual([{ name: 'core', soft: 0, hard: 0 }, { name: 'nofile', soft: 4096, hard: 4096 }]);
    expect(x.seccomp.defaultAction).toEqual({ kind: 'errno', errno: 1 });
    expect(x.seccomp.architectures).toEqual(['x86_64', 'aarch64']);
    expect(x.apparmor.profileName).toBe('secpol-app');
  });

  it('adds the runtime baseline, and clone3 failing with ENOSYS', () => {
    const x = ir('');
    const allowed = x.seccomp.rules.filter((r) => r.action.kind === 'allow').flatMap((r) => r.names);
    for (const n of ['execve', 'brk', 'mmap', 'exit_group']) expect(allowed).toContain(n);
    const clone3 = x.seccomp.rules.filter((r) => r.names.includes('clone3'));
    expect(clone3.map((r) => r.action)).toEqual([{ kind: 'errno', errno: 38 }]);
  });

  it('drops the baseline with `baseline off`', () => {
    const x = ir('  syscalls {\n    baseline off\n    allow read\n  }');
    expect(x.seccomp.rules.filter((r) => r.action.kind === 'allow').flatMap((r) => r.names)).toEqual(['read']);
  });

  it('never puts a name on an architecture that lacks it', async () => {
    const { syscallExists } = await import('../../src/compiler/data/syscall-table.js');
    const x = ir('  syscalls { allow @file-io, @process, @network-server }');
    for (const r of x.seccomp.rules) for (const n of r.names) for (const a of r.arches) expect(syscallExists(n, a), `${n} on ${a}`).toBe(true);
    // `open` is in @file-io but exists only on x86_64: it gets a rule of its own for x86_64.
    const open = x.seccomp.rules.find((r) => r.names.includes('open'));
    expect(open?.arches).toEqual(['x86_64']);
  });

  it('expands `in` into one rule per value, compares 32-bit arguments on their low bits, and narrows socket to `protocols`', () => {
    const x = ir('  network { protocols tcp, unix }\n  syscalls {\n    allow socket if arg0 in [AF_INET, AF_UNIX] and arg1 == SOCK_STREAM\n    allow clone if arg0 & CLONE_NEWUSER == 0\n  }');
    const socket = x.seccomp.rules.filter((r) => r.names.includes('socket'));
    // socket's family and type are `int`: `==` is a masked equality over their 32 bits; AF_INET6 is
    // not asked for, and AF_INET with the protocols' own `arg1 & 0xf == 1` folds into `arg1 == 1`.
    expect(socket.map((r) => r.args)).toEqual([
      [{ index: 0, op: 'MASKED_EQ', value: 0xffffffff, valueTwo: 1 }, { index: 1, op: 'MASKED_EQ', value: 0xffffffff, valueTwo: 1 }],
      [{ index: 0, op: 'MASKED_EQ', value: 0xffffffff, valueTwo: 2 }, { index: 1, op: 'MASKED_EQ', value: 0xffffffff, valueTwo: 1 }],
    ]);
    expect(socket.map((r) => r.condition)).toEqual(['arg0 in [AF_INET, AF_UNIX] and arg1 == SOCK_STREAM, protocols tcp, unix', 'arg0 in [AF_INET, AF_UNIX] and arg1 == SOCK_STREAM, protocols tcp, unix']);
    const clone = x.seccomp.rules.find((r) => r.names.includes('clone'));
    expect(clone?.args).toEqual([{ index: 0, op: 'MASKED_EQ', value: 0x10000000, valueTwo: 0 }]);
  });

  it('lowers a 32-bit `!=` to one rule per bit, so no high bit slips past it', () => {
    const x = ir('  syscalls { allow ioctl if arg1 != TIOCSTI }');
    const ioctl = x.seccomp.rules.filter((r) => r.names.includes('ioctl'));
    expect(ioctl).toHaveLength(32);
    expect(new Set(ioctl.map((r) => r.condition))).toEqual(new Set(['arg1 != TIOCSTI']));
    expect(ioctl.map((r) => r.args[0]!.value).sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => 2 ** i));
  });

  it('makes a conditional deny an exception to an allow, with disjoint rules', () => {
    const x = ir('  network { protocols tcp, packet }\n  syscalls {\n    allow @network-client\n    deny socket if arg0 == AF_PACKET with errno EACCES\n  }');
    const socket = x.seccomp.rules.filter((r) => r.names.includes('socket'));
    expect(socket.every((r) => r.args.length > 0)).toBe(true);
    const allowed = socket.filter((r) => r.action.kind === 'allow');
    // AF_PACKET is carved out: left are the protocols' inet and inet6 stream sockets.
    expect(allowed.map((r) => r.args[0]!.valueTwo).sort((a, b) => a - b)).toEqual([2, 10]);
    expect(allowed.map((r) => r.args[0]!.value)).toEqual([0xffffffff, 0xffffffff]);
    expect(allowed[0]!.condition).toBe('protocols packet, tcp, except when arg0 == AF_PACKET');
    expect(socket.filter((r) => r.action.kind === 'errno')).toMatchObject([{ action: { kind: 'errno', errno: 13 }, args: [{ index: 0, op: 'MASKED_EQ', value: 0xffffffff, valueTwo: 17 }] }]);
  });

  it('names the policy line that produced a rule', () => {
    const x = ir('  syscalls {\n    deny ptrace with kill\n  }');
    const r = x.seccomp.rules.find((y) => y.names.includes('ptrace'))!;
    expect(r.origin).toMatchObject({ file: 'test.secpol', line: 4, column: 5, what: 'deny ptrace with kill' });
    expect(r.action).toEqual({ kind: 'kill' });
  });

  it('resolves sizes, cpus and writable paths', () => {
    const x = ir('  filesystem {\n    tmpfs /tmp/ size 1GiB exec\n    volume v -> /data\n    bind "/srv" -> /srv\n    write /var/run/app.pid\n  }\n  limits { cpus 0.25 }');
    expect(x.filesystem.tmpfs.find((t) => t.target === '/tmp')).toMatchObject({ target: '/tmp', sizeBytes: 1024 ** 3, options: ['nodev', 'nosuid'] });
    expect(x.filesystem.writablePaths).toEqual(['/data', '/tmp', '/var/run/app.pid']);
    expect(x.filesystem.mounts.map((m) => [m.kind, m.readonly])).toEqual([['volume', false], ['bind', true]]);
    expect(x.limits.milliCpus).toBe(250);
  });

  it('chooses bridge networking when ports are published and derives socket grants', () => {
    const x = ir('  network { publish 127.0.0.1:8080 -> 80/tcp }');
    expect(x.network.mode).toEqual({ kind: 'bridge' });
    expect(x.network.grants).toEqual([{ family: 'inet', type: 'stream' }, { family: 'inet6', type: 'stream' }]);
  });

  it('is deterministic: the same text gives an equal IR', () => {
    const text = workload('  syscalls { allow @file-io, @network-server, socket if arg0 in [AF_INET] }');
    expect(JSON.stringify(compileText(text).ir)).toBe(JSON.stringify(compileText(text).ir));
  });
});

describe('lowering clone', () => {
  it('allows clone, from a group or by name, only without namespace flags; `unrestricted` lifts that', () => {
    const mask = [[{ index: 0, op: 'MASKED_EQ', value: 0x7e020000, valueTwo: 0 }]];
    const viaGroup = compileText(workload('  syscalls { allow @process }')).ir!;
    expect(viaGroup.seccomp.rules.filter((r) => r.names.includes('clone')).map((r) => r.args)).toEqual(mask);
    const byName = compileText(workload('  syscalls { allow @process, clone }')).ir!;
    expect(byName.seccomp.rules.filter((r) => r.names.includes('clone')).map((r) => r.args)).toEqual(mask);
    const lifted = compileText(workload('  syscalls {\n    allow @process\n    allow clone unrestricted\n  }'));
    expect(lifted.ir!.seccomp.rules.filter((r) => r.names.includes('clone')).map((r) => r.args)).toEqual([[]]);
  });

  it('reads /dev/shm and /dev/mqueue as read-only unless the policy declares them', () => {
    const none = compileText(workload('')).ir!;
    expect(none.filesystem.tmpfs.filter((t) => t.target.startsWith('/dev/')).map((t) => [t.target, t.options.includes('ro')])).toEqual([['/dev/mqueue', true], ['/dev/shm', true]]);
    expect(none.filesystem.writablePaths).toEqual([]);
    const shm = compileText(workload('  filesystem { tmpfs /dev/shm size 8MiB }')).ir!;
    expect(shm.filesystem.tmpfs.map((t) => [t.target, t.options.includes('ro')])).toEqual([['/dev/mqueue', true], ['/dev/shm', false]]);
    const shared = compileText(workload('  namespaces { ipc shareable }')).ir!;
    expect(shared.filesystem.tmpfs).toEqual([]);
  });

  it("gives a non-root workload's tmpfs to its user, and root's to nobody", () => {
    const user = compileText(workload('  user 1000:1000\n  filesystem { tmpfs /run size 4MiB }')).ir!;
    expect(user.filesystem.tmpfs.find((t) => t.target === '/run')?.owner).toEqual({ uid: 1000, gid: 1000 });
    const root = compileText(workload('  user root\n  filesystem { tmpfs /run size 4MiB }')).ir!;
    expect(root.filesystem.tmpfs.find((t) => t.target === '/run')?.owner).toBeNull();
  });
});
