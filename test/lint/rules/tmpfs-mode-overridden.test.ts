// SPL310 tmpfs-mode-overridden: a tmpfs `mode` (findings at line:col), and a tmpfs without one, which is quiet.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

describe('SPL310 tmpfs-mode-overridden', () => {
  it('reports at the mode (W0116\'s case)', () => {
    const text = workload('  filesystem { tmpfs /run size 4MiB mode 1777 }');
    expect(findings('SPL310', text)).toEqual(['SPL310@3:42']);
    const f = lintText(text).findings.find((x) => x.ruleId === 'SPL310')!;
    expect([f.subject, f.message]).toEqual(['/run', '`mode 1777` of tmpfs `/run` is overridden where the image already has `/run`']);
  });
  it('reports the mode of a read-only tmpfs and one written in a base', () => {
    expect(findings('SPL310', workload('  filesystem {\n    tmpfs /var/tmp mode 0700 readonly\n  }'))).toEqual(['SPL310@4:25']);
    const base = 'workload base {\n  filesystem { tmpfs /run/app/ mode 0750 }\n}\n';
    expect(findings('SPL310', `extends "base.secpol"\n${workload('')}`, { 'base.secpol': base })).toEqual(['SPL310@2:37']);
  });
  it('is quiet without a mode', () => {
    expect(findings('SPL310', workload('  filesystem { tmpfs /run size 4MiB }'))).toEqual([]);
  });
});
