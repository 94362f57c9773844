// SPL309 deny-everything: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe('SPL309 deny-everything', () => {
  it('reports at `deny /` and `deny /**`', () => {
    expect(findings('SPL309', workload('  filesystem {\n    deny /\n    deny /**\n  }'))).toEqual(['SPL309@4:10', 'SPL309@5:10']);
  });
  it('is quiet for denies of named paths', () => {
    expect(findings('SPL309', workload('  filesystem { deny /etc/shadow, /proc/kcore, /sys/** }'))).toEqual([]);
  });
});
