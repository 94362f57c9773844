// SPL104 root-group: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe('SPL104 root-group', () => {
  it('reports at `user` for primary group 0, and at `groups` for supplementary group 0', () => {
    expect(findings('SPL104', workload('  user 1000:0'))).toEqual(['SPL104@3:8']);
    expect(findings('SPL104', workload('  user 1000:1000\n  groups 44, 0'))).toEqual(['SPL104@4:14']);
  });
  it('is quiet for a non-root group, and for root (root-user says it)', () => {
    expect(findings('SPL104', workload('  user 1000:1000\n  groups 44'))).toEqual([]);
    expect(findings('SPL104', workload('  user root'))).toEqual([]);
  });
});
