// SPL403 no-cpu-limit: the language always sets a CPU quota (1.0 by default, no `cpus unlimited`), so
// the rule is shown on an IR without one, as a future `cpus unlimited` would lower it.
import { describe, expect, it } from 'vitest';
import { compileText, workload } from '../../support/harness.js';
import { lintResult } from '../../support/lint.js';

const ids = (r: ReturnType<typeof lintResult>) => r.findings.filter((f) => f.ruleId === 'SPL403').map((f) => `${f.ruleId}@${f.region.line}:${f.region.column}`);

describe('SPL403 no-cpu-limit', () => {
  it('reports an IR with neither a quota nor shares, at the workload (no statement says it)', () => {
    const r = compileText(workload(''));
    const ir = { ...r.ir!, limits: { ...r.ir!.limits, milliCpus: null, cpuShares: null } };
    expect(ids(lintResult({ ...r, ir }))).toEqual(['SPL403@1:10']);
  });
  it('is quiet for the default quota, and for shares alone', () => {
    const r = compileText(workload(''));
    expect(ids(lintResult(r))).toEqual([]);
    expect(ids(lintResult({ ...r, ir: { ...r.ir!, limits: { ...r.ir!.limits, milliCpus: null, cpuShares: 512 } } }))).toEqual([]);
  });
});
