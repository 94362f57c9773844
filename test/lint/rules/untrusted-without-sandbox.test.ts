// SPL702 untrusted-without-sandbox: a policy that triggers the rule (findings at line:col) and ones that do not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe('SPL702 untrusted-without-sandbox', () => {
  it('reports an untrusted workload on the default runtime at `untrusted`', () => {
    expect(findings('SPL702', workload('  untrusted'))).toEqual(['SPL702@3:3']);
  });
  it('reports an untrusted workload on runc or crun at the runtime', () => {
    expect(findings('SPL702', workload('  untrusted\n  runtime runc'))).toEqual(['SPL702@4:11']);
    expect(findings('SPL702', workload('  runtime crun\n  untrusted'))).toEqual(['SPL702@3:11']);
  });
  it('is quiet for a sandboxed runtime', () => {
    expect(findings('SPL702', workload('  untrusted\n  runtime runsc'))).toEqual([]);
    expect(findings('SPL702', workload('  untrusted\n  runtime kata'))).toEqual([]);
  });
  it('is quiet for a workload not marked untrusted', () => {
    expect(findings('SPL702', workload('  runtime runc'))).toEqual([]);
  });
});
