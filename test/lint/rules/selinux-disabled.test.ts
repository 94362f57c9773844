// SPL703 selinux-disabled: `selinux disable` (findings at line:col) and the labels that are quiet.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

describe('SPL703 selinux-disabled', () => {
  it('reports at `disable` (W0111\'s case)', () => {
    expect(findings('SPL703', workload('  selinux disable'))).toEqual(['SPL703@3:11']);
    expect(lintText(workload('  selinux disable')).findings.find((f) => f.ruleId === 'SPL703')!.message).toBe('`selinux disable` turns labelling off: on an SELinux host the workload runs unconfined by SELinux');
  });
  it('is quiet for a label and for no selinux statement', () => {
    expect(findings('SPL703', workload('  selinux { type container_t }'))).toEqual([]);
    expect(findings('SPL703', workload(''))).toEqual([]);
  });
});
