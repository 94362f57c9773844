import { describe, expect, it } from 'vitest';
import { score } from '../../src/lint/score.js';
import { workload } from '../support/harness.js';
import { lintText } from '../support/lint.js';

describe('the lint score', () => {
  it('is 100 minus the weight of each finding (error 20, warning 8, note 2), capped at two per rule', () => {
    const f = (ruleId: string, severity: 'error' | 'warning' | 'note') => ({ ruleId, ruleName: ruleId, severity });
    expect(score([]).value).toBe(100);
    const s = score([f('SPL101', 'error'), f('SPL101', 'error'), f('SPL101', 'error'), f('SPL102', 'warning'), f('SPL510', 'note')]);
    expect(s.lines).toEqual([
      { ruleId: 'SPL101', ruleName: 'SPL101', severity: 'error', findings: 3, cost: 40 },
      { ruleId: 'SPL102', ruleName: 'SPL102', severity: 'warning', findings: 1, cost: 8 },
      { ruleId: 'SPL510', ruleName: 'SPL510', severity: 'note', findings: 1, cost: 2 },
    ]);
    expect(s.value).toBe(50);
    expect(score(Array.from({ length: 10 }, (_, i) => f(`SPL${100 + i}`, 'error'))).value).toBe(0);
  });
  it('scores a policy from its unsuppressed findings only', () => {
    expect(lintText(workload('  user root')).score.value).toBe(92);
    expect(lintText(workload('  user root\n  lint { ignore SPL102 "reviewed" }')).score.value).toBe(100);
  });
});
