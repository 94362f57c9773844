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

  it('expands `in` into one rule per value and keeps masked comparisons as mask/value', () => {
    const x = ir('  syscalls {\n    allow socket if arg0 in [AF_INET, AF_UNIX] and arg1 == SOCK_STREAM\n    allow clone if arg0 & CLONE_NEWUSER == 0\n  }');
    const socket = x.seccomp.rules.filter((r) => r.names.includes('socket'));
    expect(socket.map((r) => r.args)).toEqual([
      [{ index: 0, op: 'EQ', value: 1, valueTwo: 0 }, { index: 1, op: 'EQ', value: 1, valueTwo: 0 }],
      [{ index: 0, op: 'EQ', value: 2, valueTwo: 0 }, { index: 1, op: 'EQ', value: 1, valueTwo: 0 }],
    ]);
    const clone = x.seccomp.rules.find((r) => r.names.includes('clone'));
    expect(clone?.args).toEqual([{ index: 0, op: 'MASKED_EQ', value: 0x10000000, valueTwo: 0 }]);
  });

  it('names the policy line that produced a rule', () => {
    const x = ir('  syscalls {\n    deny ptrace with kill\n  }');
    const r = x.seccomp.rules.find((y) => y.names.includes('ptrace'))!;
    expect(r.origin).toMatchObject({ file: 'test.secpol', line: 4, column: 5, what: 'deny ptrace with kill' });
    expect(r.action).toEqual({ kind: 'kill' });
  });

  it('resolves sizes, cpus and writable paths', () => {
    const x = ir('  filesystem {\n    tmpfs /tmp/ size 1GiB exec\n    volume v -> /data\n    bind "/srv" -> /srv\n    write /var/run/app.pid\n  }\n  limits { cpus 0.25 }');
    expect(x.filesystem.tmpfs[0]).toMatchObject({ target: '/tmp', sizeBytes: 1024 ** 3, options: ['nodev', 'nosuid'] });
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
  it('allows clone from a group only without namespace flags, and lifts that for `allow clone`', () => {
    const viaGroup = compileText(workload('  syscalls { allow @process }')).ir!;
    expect(viaGroup.seccomp.rules.filter((r) => r.names.includes('clone')).map((r) => r.args)).toEqual([[{ index: 0, op: 'MASKED_EQ', value: 0x7e020000, valueTwo: 0 }]]);
    const byName = compileText(workload('  syscalls { allow @process, clone }')).ir!;
    expect(byName.seccomp.rules.filter((r) => r.names.includes('clone')).map((r) => r.args)).toEqual([[]]);
  });
});
