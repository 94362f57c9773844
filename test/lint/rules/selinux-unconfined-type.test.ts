// SPL705 selinux-unconfined-type: an SELinux type that confines nothing (findings at line:col), and a confining one, which is quiet.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

describe('SPL705 selinux-unconfined-type', () => {
  it('reports at a type that confines nothing (W0113\'s cases)', () => {
    expect(findings('SPL705', workload('  selinux { type spc_t }'))).toEqual(['SPL705@3:18']);
    expect(findings('SPL705', workload('  selinux { type unconfined_t; level "s0" }'))).toEqual(['SPL705@3:18']);
  });
  it('names the type, which is also the subject a suppression names', () => {
    const f = lintText(workload('  selinux { type spc_t }')).findings.find((x) => x.ruleId === 'SPL705')!;
    expect([f.subject, f.message]).toEqual(['spc_t', 'the SELinux type `spc_t` confines nothing: on an SELinux host the workload runs unconfined by SELinux']);
  });
  it('is quiet for container_t and for no selinux statement', () => {
    expect(findings('SPL705', workload('  selinux { type container_t }'))).toEqual([]);
    expect(findings('SPL705', workload(''))).toEqual([]);
  });
});
