// SPL704 apparmor-unconfined: `apparmor-profile unconfined` (findings at line:col) and a named profile, which is quiet.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

describe('SPL704 apparmor-unconfined', () => {
  it('reports at the profile name (W0112\'s case)', () => {
    expect(findings('SPL704', workload('  apparmor-profile unconfined'))).toEqual(['SPL704@3:20']);
    expect(lintText(workload('  apparmor-profile unconfined')).findings.find((f) => f.ruleId === 'SPL704')!.message).toBe('the workload runs without an AppArmor profile (`unconfined`)');
  });
  it('is quiet for a named profile and for the one secpol writes', () => {
    expect(findings('SPL704', workload('  apparmor-profile secpol-app'))).toEqual([]);
    expect(findings('SPL704', workload(''))).toEqual([]);
  });
});
