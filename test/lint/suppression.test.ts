// `lint { ignore RULE [SUBJECT] "REASON" }`: a suppressed finding stays in the report with its reason,
// costs nothing in the score, and suppressions merge along `extends`.
import { describe, expect, it } from 'vitest';
import { workload } from '../support/harness.js';
import { lintText } from '../support/lint.js';
import { DEFAULT_GATE, gateFailures } from '../../src/lint/gate.js';
import type { WorkloadReport } from '../../src/lint/lint.js';

/** Whether the report fails `secpol lint` by default (an unsuppressed error-level finding). */
const hasErrorFindings = (r: WorkloadReport): boolean => gateFailures([r], DEFAULT_GATE).length > 0;

describe('lint suppressions', () => {
  it('keep the finding, marked suppressed with the reason and the place of the suppression', () => {
    const r = lintText(workload('  user root\n  lint {\n    ignore SPL102 "nginx binds :80, then drops to uid 101"\n  }'));
    const f = r.findings.find((x) => x.ruleId === 'SPL102')!;
    expect(f.suppression).toEqual({ reason: 'nginx binds :80, then drops to uid 101', region: expect.objectContaining({ file: 'test.secpol', line: 5, column: 5 }) });
    expect(r.score.value).toBe(100);
  });

  it('accept the rule name as well as the id', () => {
    const r = lintText(workload('  user root\n  lint { ignore root-user "drops privileges at start" }'));
    expect(r.findings.find((x) => x.ruleId === 'SPL102')!.suppression?.reason).toBe('drops privileges at start');
  });

  it('narrow to one subject when one is given, in any spelling', () => {
    const r = lintText(workload('  user root\n  capabilities { add SYS_ADMIN, NET_ADMIN }\n  lint { ignore SPL101 sys_admin "mounts a FUSE file system" }'));
    const caps = r.findings.filter((x) => x.ruleId === 'SPL101').map((x) => [x.subject, x.suppression !== null]);
    expect(caps).toEqual([['CAP_SYS_ADMIN', true], ['CAP_NET_ADMIN', false]]);
    expect(hasErrorFindings(r)).toBe(true);
  });

  it('turn an error-level finding into a passing lint', () => {
    const r = lintText(workload('  user root\n  capabilities { add NET_ADMIN }\n  lint { ignore SPL101 "configures its own VPN interface" }'));
    expect(hasErrorFindings(r)).toBe(false);
  });

  it('report suppressions that match nothing', () => {
    const r = lintText(workload('  lint { ignore SPL102 "was root once" }'));
    expect(r.unusedSuppressions).toEqual([{ rule: 'SPL102', subject: null, region: expect.objectContaining({ line: 3, column: 10 }) }]);
  });

  it('add up along `extends`, the most specific file\'s reason winning for the same finding', () => {
    const base = 'workload base {\n  user root\n  lint { ignore SPL102 "the base runs as root" }\n}\n';
    const inherited = lintText('extends "base.secpol"\n' + workload(''), { 'base.secpol': base });
    expect(inherited.findings.find((x) => x.ruleId === 'SPL102')!.suppression).toEqual({ reason: 'the base runs as root', region: expect.objectContaining({ file: 'base.secpol', line: 3 }) });
    const own = lintText('extends "base.secpol"\n' + workload('  lint { ignore SPL102 "reviewed for this service" }'), { 'base.secpol': base });
    expect(own.findings.find((x) => x.ruleId === 'SPL102')!.suppression?.reason).toBe('reviewed for this service');
  });
});
