/** recordingVariant: the filter becomes a recorder; what the policy refuses and everything else stays. */
import { describe, expect, it } from 'vitest';
import { recordingVariant } from '../../src/learn/index.js';
import { BUSYBOX_POLICY, policyOf, verdict } from './harness.js';

describe('recordingVariant', () => {
  const { ir } = policyOf(BUSYBOX_POLICY, 'box.secpol');

  it('audit: logs what the policy allowed and what it did not decide; the baseline stays quiet', () => {
    const v = recordingVariant(ir, 'audit');
    expect(v.seccomp.defaultAction).toEqual({ kind: 'log' });
    expect(verdict(v, 'getuid')).toBe('log'); // allowed by @process before: now logged
    expect(verdict(v, 'setns')).toBe('log'); // never allowed: logged, not refused
    expect(verdict(v, 'execve')).toBe('allow'); // the runtime baseline: runc's own calls are not the workload's
  });

  it('strace: lets every call through', () => {
    const v = recordingVariant(ir, 'strace');
    expect(v.seccomp.defaultAction).toEqual({ kind: 'allow' });
    expect(verdict(v, 'setns')).toBe('allow');
  });

  it('keeps what the policy refuses, and the rest of the workload as written', () => {
    for (const r of ['audit', 'strace'] as const) {
      const v = recordingVariant(ir, r);
      expect(verdict(v, 'ptrace')).toBe('kill');
      expect(verdict(v, 'clone3')).toBe('errno=38');
      expect({ ...v, seccomp: null }).toEqual({ ...ir, seccomp: null });
      expect(v.seccomp.architectures).toEqual(ir.seccomp.architectures);
    }
    expect(ir.seccomp.defaultAction).toEqual({ kind: 'errno', errno: 1 }); // the given IR is untouched
  });
});
