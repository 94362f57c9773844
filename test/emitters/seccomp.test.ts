import { describe, expect, it } from 'vitest';
import type { Arch, PolicyIR, SeccompAction, SeccompIR, SeccompRule } from '../../src/compiler/ir.js';
import { emitSeccomp } from '../../src/emitters/seccomp.js';
import { sampleIR } from '../support/sample-ir.js';

/** Freezes an object and everything it holds, so an emitter that writes to its IR throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const ALL: Arch[] = ['x86_64', 'x86', 'x32', 'aarch64', 'arm'];
const origin = { file: 'app.secpol', line: 7, column: 3, endLine: 7, endColumn: 4, what: 'allow something' };

function rule(names: string[], extra: Partial<SeccompRule> = {}): SeccompRule {
  return { names, action: { kind: 'allow' }, args: [], arches: ALL, origin, ...extra };
}

function withSeccomp(seccomp: Partial<SeccompIR>): PolicyIR {
  return { ...sampleIR, seccomp: { defaultAction: { kind: 'errno', errno: 1 }, architectures: ALL, primaryArches: ['x86_64', 'aarch64'], rules: [], ...seccomp } };
}

/** The profile as a plain object. */
function profile(ir: PolicyIR): any {
  const artifacts = emitSeccomp(ir);
  expect(artifacts).toHaveLength(1);
  return JSON.parse(artifacts[0]!.content);
}

describe('emitSeccomp', () => {
  it('writes the sample as this exact Docker profile', () => {
    const expected = {
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 1,
      archMap: [
        { architecture: 'SCMP_ARCH_X86_64', subArchitectures: [] },
        { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: [] },
      ],
      syscalls: [
        { names: ['accept4', 'bind', 'listen'], action: 'SCMP_ACT_ALLOW', comment: 'web.secpol:21 allow @network-server' },
        { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', comment: 'baseline (runtime)', includes: { arches: ['amd64'] } },
        {
          names: ['socket'],
          action: 'SCMP_ACT_ALLOW',
          args: [{ index: 0, value: 2, valueTwo: 0, op: 'SCMP_CMP_EQ' }],
          comment: 'web.secpol:22 allow socket if arg0 in [AF_INET, AF_INET6]',
        },
        {
          names: ['socket'],
          action: 'SCMP_ACT_ALLOW',
          args: [{ index: 0, value: 10, valueTwo: 0, op: 'SCMP_CMP_EQ' }],
          comment: 'web.secpol:22 allow socket if arg0 in [AF_INET, AF_INET6]',
        },
        {
          names: ['clone'],
          action: 'SCMP_ACT_ALLOW',
          args: [{ index: 0, value: 0x10000000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
          comment: 'web.secpol:23 allow clone if arg0 & CLONE_NEWUSER == 0',
        },
        { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38, comment: 'baseline (clone3 returns ENOSYS so libc falls back to clone)' },
        { names: ['kexec_load', 'ptrace'], action: 'SCMP_ACT_KILL_PROCESS', comment: 'web.secpol:24 deny ptrace, kexec_load with kill' },
      ],
    };
    const [artifact] = emitSeccomp(sampleIR);
    expect(artifact!.path).toBe('web.seccomp.json');
    // Key order, two-space indentation and the trailing newline are part of the contract.
    expect(artifact!.content).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('uses only fields moby reads, since it ignores unknown ones silently', () => {
    const p = profile(withSeccomp({ rules: [rule(['read'], { action: { kind: 'errno', errno: 13 }, args: [{ index: 0, op: 'EQ', value: 3, valueTwo: 0 }], arches: ['x86_64'] })] }));
    expect(Object.keys(p)).toEqual(['defaultAction', 'defaultErrnoRet', 'archMap', 'syscalls']);
    expect(p).not.toHaveProperty('architectures'); // moby rejects archMap together with architectures
    expect(Object.keys(p.syscalls[0])).toEqual(['names', 'action', 'errnoRet', 'args', 'comment', 'includes']);
    expect(Object.keys(p.syscalls[0].args[0])).toEqual(['index', 'value', 'valueTwo', 'op']);
  });

  it('puts the mask of MASKED_EQ in value and the expected result in valueTwo', () => {
    const masked = rule(['personality'], { args: [{ index: 0, op: 'MASKED_EQ', value: 0xff, valueTwo: 0x08 }] });
    const p = profile(withSeccomp({ rules: [masked] }));
    expect(p.syscalls[0].args).toEqual([{ index: 0, value: 0xff, valueTwo: 0x08, op: 'SCMP_CMP_MASKED_EQ' }]);
  });

  it('keeps conditions on distinct arguments in one rule (ANDed) and in index order', () => {
    const both = rule(['socket'], {
      args: [
        { index: 0, op: 'EQ', value: 2, valueTwo: 0 },
        { index: 1, op: 'MASKED_EQ', value: 0xf, valueTwo: 1 },
      ],
    });
    const p = profile(withSeccomp({ rules: [both] }));
    expect(p.syscalls).toHaveLength(1);
    expect(p.syscalls[0].args.map((a: any) => a.index)).toEqual([0, 1]);
  });

  it('maps every action, with errnoRet only on errno', () => {
    const actions: [SeccompAction, string][] = [
      [{ kind: 'allow' }, 'SCMP_ACT_ALLOW'],
      [{ kind: 'log' }, 'SCMP_ACT_LOG'],
      [{ kind: 'errno', errno: 13 }, 'SCMP_ACT_ERRNO'],
      [{ kind: 'trap' }, 'SCMP_ACT_TRAP'],
      [{ kind: 'kill' }, 'SCMP_ACT_KILL_PROCESS'],
    ];
    const p = profile(withSeccomp({ rules: actions.map(([action], i) => rule([`call${i}`], { action })) }));
    expect(p.syscalls.map((s: any) => s.action)).toEqual(actions.map(([, name]) => name));
    expect(p.syscalls.map((s: any) => s.errnoRet)).toEqual([undefined, undefined, 13, undefined, undefined]);
  });

  it('writes defaultErrnoRet only for an errno default', () => {
    expect(profile(withSeccomp({ defaultAction: { kind: 'errno', errno: 38 } }))).toMatchObject({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 38 });
    for (const [kind, name] of [['kill', 'SCMP_ACT_KILL_PROCESS'], ['trap', 'SCMP_ACT_TRAP'], ['log', 'SCMP_ACT_LOG'], ['allow', 'SCMP_ACT_ALLOW']] as const) {
      const p = profile(withSeccomp({ defaultAction: { kind } }));
      expect(p.defaultAction).toBe(name);
      expect(p).not.toHaveProperty('defaultErrnoRet');
    }
  });

  it('nests the declared companions under their primary architecture', () => {
    expect(profile(withSeccomp({})).archMap).toEqual([
      { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
      { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
    ]);
    const x86only = withSeccomp({ architectures: ['x86_64', 'x32'], primaryArches: ['x86_64'] });
    expect(profile(x86only).archMap).toEqual([{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X32'] }]);
    const arm = withSeccomp({ architectures: ['aarch64'], primaryArches: ['aarch64'] });
    expect(profile(arm).archMap).toEqual([{ architecture: 'SCMP_ARCH_AARCH64', subArchitectures: [] }]);
  });

  it('restricts only partial rules with includes.arches, in the daemon-architecture names moby compares', () => {
    const rules = [
      rule(['read']),
      rule(['arch_prctl'], { arches: ['x86_64', 'x86', 'x32'] }),
      rule(['arm_fadvise64_64'], { arches: ['arm'] }),
      rule(['waitpid'], { arches: ['x86'] }),
      rule(['renameat'], { arches: ['x86_64', 'x86', 'x32', 'arm'] }),
    ];
    const p = profile(withSeccomp({ rules }));
    expect(p.syscalls.map((s: any) => s.includes ?? null)).toEqual([
      null,
      { arches: ['amd64', 'x32', 'x86'] }, // as in moby's default.json
      // moby tests includes.arches against the daemon's architecture only, so a companion's rule
      // also names its primary: an arm64 daemon loads the filter that covers 32-bit arm binaries.
      { arches: ['arm', 'arm64'] },
      { arches: ['amd64', 'x86'] },
      { arches: ['amd64', 'arm', 'arm64', 'x32', 'x86'] },
    ]);
  });

  it('names the policy line in each comment, and just the fact for a built-in one', () => {
    const rules = [rule(['read']), rule(['write'], { origin: { file: 'app.secpol', line: 0, column: 0, endLine: 0, endColumn: 0, what: 'baseline (runtime)' } })];
    expect(profile(withSeccomp({ rules })).syscalls.map((s: any) => s.comment)).toEqual(['app.secpol:7 allow something', 'baseline (runtime)']);
  });

  it('keeps the order of the IR rules', () => {
    const rules = [rule(['zzz']), rule(['aaa']), rule(['mmm'], { action: { kind: 'kill' } })];
    expect(profile(withSeccomp({ rules })).syscalls.map((s: any) => s.names[0])).toEqual(['zzz', 'aaa', 'mmm']);
  });

  it('is byte-identical run after run and leaves the IR untouched', () => {
    const ir = deepFreeze(structuredClone(sampleIR));
    const first = emitSeccomp(ir);
    expect(emitSeccomp(ir)).toEqual(first);
    expect(ir).toEqual(sampleIR);
  });

  describe('refuses an IR that breaks an invariant (a compiler bug, not a user error)', () => {
    const cases: [string, Partial<SeccompIR>, RegExp][] = [
      ['two conditions on one argument', { rules: [rule(['socket'], { args: [{ index: 0, op: 'EQ', value: 2, valueTwo: 0 }, { index: 0, op: 'EQ', value: 10, valueTwo: 0 }] })] }, /two conditions on argument 0/],
      ['an argument index past 5', { rules: [rule(['socket'], { args: [{ index: 6, op: 'EQ', value: 2, valueTwo: 0 }] })] }, /argument 6/],
      ['valueTwo on a plain comparison', { rules: [rule(['socket'], { args: [{ index: 0, op: 'EQ', value: 2, valueTwo: 1 }] })] }, /valueTwo/],
      ['a negative value', { rules: [rule(['socket'], { args: [{ index: 0, op: 'LT', value: -1, valueTwo: 0 }] })] }, /non-negative/],
      ['errno 0', { defaultAction: { kind: 'errno', errno: 0 } }, /errno 0/],
      ['a rule without names', { rules: [rule([])] }, /no syscall name/],
      ['a rule for an architecture outside the targets', { architectures: ['x86_64'], primaryArches: ['x86_64'], rules: [rule(['read'], { arches: ['aarch64'] })] }, /outside the targets/],
      ['a companion without its primary', { architectures: ['x86'], primaryArches: [] }, /companion x86/],
      ['primaryArches out of step', { architectures: ['x86_64', 'aarch64'], primaryArches: ['x86_64'] }, /primaryArches/],
    ];
    for (const [name, seccomp, message] of cases) {
      it(name, () => expect(() => emitSeccomp(withSeccomp(seccomp))).toThrow(message));
    }
  });
});
