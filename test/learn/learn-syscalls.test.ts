/**
 * learnSyscalls: what it learns from the recorded fixtures and from hand-written recordings for each
 * case, proven on the learned policy's own emitted filter (test/support/seccomp-eval.ts): every
 * observed call passes with the arguments it was made with, and what was not observed is refused.
 */
import { describe, expect, it } from 'vitest';
import { RUNTIME_BASELINE_NNP } from '../../src/compiler/data/syscall-groups.js';
import { applyLearned, IncompleteRecordingError, learnSyscalls, NothingRecordedError, parseAuditLog, parseStrace, type LearnResult } from '../../src/learn/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/compiler/compile.js';
import { repoHost, repoRoot } from '../support/repo.js';
import { BUSYBOX_POLICY, compiled, fixture, policyOf, recording, verdict } from './harness.js';

/** The learned policy's IR (it must compile without an error). */
function learnedIr(text: string, result: LearnResult, fileName = 'app.secpol', files: Record<string, string> = {}) {
  const out = compiled(applyLearned(text, fileName, result), fileName, files);
  expect(out.codes.filter((c) => c.startsWith('E'))).toEqual([]);
  return out.ir!;
}

const SIMPLE = `workload app {
  image "app:1"
  network {
    protocols tcp, unix
  }
  syscalls {
    allow @file-io, @network-server, @process
  }
}
`;

describe('learning from the recorded fixtures', () => {
  for (const [recorder, file] of [
    ['strace', 'runc-busybox.strace'],
    ['audit', 'audit-busybox.log'],
  ] as const) {
    it(`${recorder}: the learned policy compiles, lets every observed call through and refuses what was never observed`, () => {
      const rec = recorder === 'strace' ? parseStrace(fixture(file), { programs: ['/bin/sh'] }) : parseAuditLog(fixture(file));
      const policy = policyOf(BUSYBOX_POLICY, 'box.secpol');
      const r = learnSyscalls(rec, policy);
      const ir = learnedIr(BUSYBOX_POLICY, r, 'box.secpol');
      for (const c of rec.calls) {
        if (c.name === 'clone3') continue; // keeps its ENOSYS rule
        // Audit records carry no arguments: the ones the strace recording of the same run saw.
        const seen = c.args ?? new Map([[0, [c.name === 'socket' ? 10n : c.name === 'clone' ? 0x1200011n : 0n]], [1, [c.name === 'socket' ? 1n : 0n]]]);
        const args = [0, 1, 2, 3, 4, 5].map((i) => seen.get(i)?.[0] ?? 0n);
        expect(verdict(ir, c.name, args), c.name).toBe('allow');
      }
      for (const never of ['connect', 'sendto', 'unlink', 'kill', 'setsid']) expect(verdict(ir, never), never).toBe('errno=1');
      expect(verdict(ir, 'ptrace')).toBe('kill'); // the policy's deny stays
      expect(verdict(ir, 'clone3')).toBe('errno=38');
      // Tight: beyond the baseline, the learned filter allows what was observed (plus, for audit, the
      // calls CAP_NET_BIND_SERVICE exists for, which stay while it is granted).
      const x86 = r.counts.find((c) => c.arch === 'x86_64')!;
      expect(x86.after! - x86.baseline).toBeLessThanOrEqual(Math.ceil(1.25 * r.observed.length));
      expect(r.arches).toEqual(['x86_64']);
      expect(r.archStatement).toBe('arch x86_64');
    });

    it(`${recorder}: the same recording gives the same result`, () => {
      const rec = () => (recorder === 'strace' ? parseStrace(fixture(file), { programs: ['/bin/sh'] }) : parseAuditLog(fixture(file)));
      expect(learnSyscalls(rec(), policyOf(BUSYBOX_POLICY, 'box.secpol'))).toEqual(learnSyscalls(rec(), policyOf(BUSYBOX_POLICY, 'box.secpol')));
    });
  }

  it('strace: conditions from the arguments seen', () => {
    const r = learnSyscalls(parseStrace(fixture('runc-busybox.strace'), { programs: ['/bin/sh'] }), policyOf(BUSYBOX_POLICY, 'box.secpol'));
    expect(r.statements).toContain('allow ioctl if arg1 in [TCGETS, TIOCGWINSZ]');
    expect(r.statements).toContain('allow socket if arg0 == AF_INET6 and arg1 & SOCK_TYPE_MASK == SOCK_STREAM');
    expect(r.capabilityHints).toEqual(['chown (CAP_CHOWN)']);
    const ir = learnedIr(BUSYBOX_POLICY, r, 'box.secpol');
    expect(verdict(ir, 'ioctl', [1n, 0x5401n])).toBe('allow');
    expect(verdict(ir, 'ioctl', [1n, 0x5412n])).toBe('errno=1'); // TIOCSTI: never observed
    expect(verdict(ir, 'ioctl', [1n, (1n << 32n) | 0x5401n])).toBe('allow'); // the kernel reads 32 bits: still TCGETS
    expect(verdict(ir, 'socket', [10n, 0x80001n])).toBe('allow'); // SOCK_CLOEXEC passes the mask
    expect(verdict(ir, 'socket', [2n, 1n])).toBe('errno=1'); // AF_INET: never observed
  });
});

describe('learning from hand-written recordings', () => {
  it('a recording of the baseline only learns no allow statement', () => {
    const r = learnSyscalls(recording(RUNTIME_BASELINE_NNP.filter((n) => !['open', 'access', 'readlink', 'mmap2', 'fstat64', 'fstatat64', 'set_tls', 'ugetrlimit', 'futex_time64', 'clock_gettime64', 'set_thread_area'].includes(n)).map((name) => ({ name }))), policyOf(SIMPLE));
    expect(r.statements).toEqual([]);
    expect(r.observed).toEqual([]);
    const ir = learnedIr(SIMPLE, r);
    expect(verdict(ir, 'read')).toBe('allow');
    expect(verdict(ir, 'socket', [2n, 1n])).toBe('errno=1');
  });

  it('socket: families the protocols grant, one rule per type; the others are reported', () => {
    const r = learnSyscalls(recording([{ name: 'socket', args: new Map([[0, [1n, 2n, 16n]], [1, [0x80001n, 0x80802n]]]) }]), policyOf(SIMPLE));
    expect(r.statements).toEqual([
      'allow socket if arg0 in [AF_UNIX, AF_INET] and arg1 & SOCK_TYPE_MASK == SOCK_STREAM',
      'allow socket if arg0 in [AF_UNIX, AF_INET] and arg1 & SOCK_TYPE_MASK == SOCK_DGRAM',
    ]);
    expect(r.notes.join('\n')).toContain('AF_NETLINK');
    const ir = learnedIr(SIMPLE, r);
    expect(verdict(ir, 'socket', [1n, 1n])).toBe('allow');
    expect(verdict(ir, 'socket', [16n, 3n])).toBe('errno=1');
    expect(verdict(ir, 'socket', [10n, 1n])).toBe('errno=1'); // granted by tcp, never observed
  });

  it('ioctl: names where secpol knows the constant, numbers otherwise; prctl options', () => {
    const r = learnSyscalls(
      recording([
        { name: 'ioctl', args: new Map([[1, [0x5401n, 0x80045430n]]]) },
        { name: 'prctl', args: new Map([[0, [15n]]]) },
      ]),
      policyOf(SIMPLE),
    );
    expect(r.statements).toEqual(['allow ioctl if arg1 in [TCGETS, 0x80045430]', 'allow prctl if arg0 == PR_SET_NAME']);
    const ir = learnedIr(SIMPLE, r);
    expect(verdict(ir, 'ioctl', [0n, 0x80045430n])).toBe('allow');
    expect(verdict(ir, 'prctl', [22n])).toBe('errno=1'); // PR_SET_SECCOMP: never observed
  });

  it('clone: threads only narrows it to threads, namespaces still refused; a fork keeps secpol\'s own restriction', () => {
    const threads = learnSyscalls(recording([{ name: 'clone', args: new Map([[0, [0x3d0f00n]]]) }]), policyOf(SIMPLE));
    expect(threads.statements).toEqual(['allow clone if arg0 & 0x7e030000 == CLONE_THREAD']);
    const ir = learnedIr(SIMPLE, threads);
    expect(verdict(ir, 'clone', [0x3d0f00n])).toBe('allow');
    expect(verdict(ir, 'clone', [0x1200011n])).toBe('errno=1'); // a fork
    expect(verdict(ir, 'clone', [0x3d0f00n | 0x10000000n])).toBe('errno=1'); // CLONE_NEWUSER
    const fork = learnSyscalls(recording([{ name: 'clone', args: new Map([[0, [0x3d0f00n, 0x1200011n]]]) }]), policyOf(SIMPLE));
    expect(fork.statements).toEqual(['allow clone']);
    expect(verdict(learnedIr(SIMPLE, fork), 'clone', [0x1200011n | 0x10000000n])).toBe('errno=1');
  });

  it('a group is written only when every member was observed', () => {
    const signals = ['kill', 'pidfd_send_signal', 'rt_sigaction', 'rt_sigpending', 'rt_sigprocmask', 'rt_sigqueueinfo', 'rt_sigreturn', 'rt_sigsuspend', 'rt_sigtimedwait', 'rt_tgsigqueueinfo', 'sigaltstack', 'signalfd', 'signalfd4', 'tgkill', 'tkill', 'pause', 'restart_syscall'];
    const policy = policyOf(SIMPLE.replace('allow @file-io', 'arch x86_64\n    allow @file-io').replace('    arch x86_64\n', '').replace('workload app {', 'workload app {\n  arch x86_64'));
    const all = learnSyscalls(recording(signals.map((name) => ({ name }))), policy);
    expect(all.statements[0]).toMatch(/^allow @signals(,|$)/);
    const most = learnSyscalls(recording(signals.slice(1).map((name) => ({ name }))), policy);
    expect(most.statements[0]).not.toContain('@signals');
    expect(most.statements[0]).toContain('tkill');
  });

  it('a call the file allowed with a condition keeps it when the recording cannot narrow it', () => {
    const text = SIMPLE.replace('allow @file-io, @network-server, @process', 'allow @file-io\n    allow personality if arg0 == 0\n    allow clone unrestricted');
    const r = learnSyscalls(recording([{ name: 'personality' }, { name: 'clone' }], { recorder: 'audit' }), policyOf(text));
    expect(r.statements).toEqual(['allow personality if arg0 == 0', 'allow clone unrestricted']);
    const ir = learnedIr(text, r);
    expect(verdict(ir, 'personality', [0n])).toBe('allow');
    expect(verdict(ir, 'personality', [0x400000n])).toBe('errno=1'); // READ_IMPLIES_EXEC stays refused
    expect(verdict(ir, 'clone', [0x10000000n])).toBe('allow');
  });

  it('32-bit calls under a policy with a companion: names missing on one architecture are reported, not learned', () => {
    const text = SIMPLE.replace('workload app {', 'workload app {\n  arch x86_64, x86');
    const r = learnSyscalls(recording([{ name: 'getuid' }, { name: 'sysinfo' }, { arch: 'x86', name: 'socketcall' }, { arch: 'x86', name: 'getuid32' }]), policyOf(text));
    expect(r.arches).toEqual(['x86_64', 'x86']);
    expect(r.archStatement).toBeNull();
    expect(r.statements).toEqual(['allow getuid, sysinfo']);
    expect(r.notes.join('\n')).toContain('(E0303): getuid32, socketcall;');
    learnedIr(text, r);
  });

  it('unknown numbers are reported, not learned; a recording with lost records is refused', () => {
    const r = learnSyscalls(recording([{ name: 'getuid' }], { unknown: ['x86_64:999'] }), policyOf(SIMPLE));
    expect(r.unknown).toEqual(['x86_64:999']);
    expect(() => learnSyscalls(recording([{ name: 'getuid' }], { lost: 3 }), policyOf(SIMPLE))).toThrow(IncompleteRecordingError);
    expect(() => learnSyscalls(recording([]), policyOf(SIMPLE))).toThrow(NothingRecordedError);
  });

  it('deny statements stay, and an observed call the policy denies is not learned', () => {
    const text = SIMPLE.replace('allow @file-io, @network-server, @process', 'allow @file-io\n    deny ptrace with kill');
    const r = learnSyscalls(recording([{ name: 'ptrace' }, { name: 'getuid' }]), policyOf(text));
    expect(r.deniedObserved).toEqual(['ptrace']);
    expect(r.statements).toEqual(['allow getuid']);
    expect(verdict(learnedIr(text, r), 'ptrace')).toBe('kill');
  });

  it('extends: what a base allows is not learned into the file; the base\'s unobserved calls are candidates', () => {
    const base = 'workload base {\n  image "app:1"\n  arch x86_64\n  syscalls {\n    allow getuid, getgid, uname\n  }\n}\n';
    const text = 'extends "./base.secpol"\nworkload app {\n  syscalls {\n    allow sysinfo, getpgrp\n  }\n}\n';
    const r = learnSyscalls(recording([{ name: 'getuid' }, { name: 'getpgrp' }, { name: 'setsid' }]), policyOf(text, 'app.secpol', { 'base.secpol': base }));
    expect(r.statements).toEqual(['allow getpgrp, setsid']);
    expect(r.baseNeverObserved).toEqual(['getgid', 'uname']);
    expect(r.neverObserved).toEqual(['sysinfo']);
    expect(r.archStatement).toBeNull();
  });

  it('an example that extends a base: the file\'s arch overrides the base\'s, the base\'s allows stay the base\'s', () => {
    const file = 'examples/api.secpol';
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const c = compile(file, text, repoHost);
    const r = learnSyscalls(parseStrace(fixture('runc-busybox.strace'), { programs: ['/bin/sh'] }), { ir: c.ir!, compiled: c, fileName: file, text, host: repoHost });
    expect(r.archStatement).toBe('arch x86_64');
    expect(r.baseNeverObserved.length).toBeGreaterThan(50); // the base's groups: candidates, not edited
    expect(r.statements.join('\n')).not.toMatch(/\bread\b|\bwait4\b/); // the base allows them (@file-io, @process)
    const out = compile(file, applyLearned(text, file, r), repoHost);
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(out.ir!.seccomp.architectures).toEqual(['x86_64']);
    expect(verdict(out.ir!, 'ptrace')).toBe('kill'); // the base's deny
    expect(verdict(out.ir!, 'bind', [3n, 0n, 16n])).toBe('allow'); // observed: learned into the file
  });

  it('a capability with none of its calls observed keeps the calls the file allowed for it, and is named', () => {
    const text = SIMPLE.replace('image "app:1"', 'image "app:1"\n  capabilities {\n    add CHOWN\n  }').replace('@process', '@process, @file-meta');
    const r = learnSyscalls(recording([{ name: 'getuid' }]), policyOf(text));
    expect(r.unusedCapabilities).toEqual(['CAP_CHOWN (chown, fchown, fchownat, lchown)']);
    expect(r.statements).toEqual(['allow chown, fchown, fchownat, getuid, lchown']);
    learnedIr(text, r);
  });
});
