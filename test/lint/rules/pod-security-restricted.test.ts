// SPL801 pod-security-restricted: each control of the Pod Security Standards' "restricted" level the
// Kubernetes manifest would fail, at the statement that decides it; quiet for a policy that meets it.
import { describe, expect, it } from 'vitest';
import { compileText, workload } from '../../support/harness.js';
import { lintPolicy } from '../../../src/lint/lint.js';
import { findings, lintText } from '../../support/lint.js';
import { rulesForTargets } from '../../../src/lint/rules.js';

/** The rule's findings as `subject@line:col`, run as `lint -t kubernetes` runs it. */
function subjects(text: string): string[] {
  return lintPolicy('test.secpol', compileText(text), rulesForTargets(['kubernetes']))
    .findings.filter((f) => f.ruleId === 'SPL801')
    .map((f) => `${f.subject}@${f.region.line}:${f.region.column}`);
}
const SERVER = '\n  syscalls { allow @network-server, fchownat }';

describe('SPL801 pod-security-restricted', () => {
  it('is quiet for a non-root workload that adds only NET_BIND_SERVICE', () => {
    expect(subjects(workload('  user 1000:1000\n  capabilities { add NET_BIND_SERVICE }' + SERVER))).toEqual([]);
  });
  it('reports root at `user root`', () => {
    expect(findings('SPL801', workload('  user root'))).toEqual(['SPL801@3:8']);
  });
  it('reports each capability beyond NET_BIND_SERVICE at its `add`', () => {
    expect(subjects(workload('  user 1000:1000\n  capabilities { add NET_BIND_SERVICE, CHOWN }' + SERVER))).toEqual(['capabilities@4:40']);
  });
  it('reports host namespaces, a host path and privilege escalation where they are written', () => {
    const text = workload('  user 1000:1000\n  no-new-privileges false\n  network { mode host }\n  namespaces { pid host }\n  filesystem { bind "/srv/data" -> /data readonly }');
    expect(subjects(text)).toEqual(['privilege-escalation@4:21', 'host-namespaces@5:18', 'host-namespaces@6:20', 'host-path-volumes@7:21']);
  });
  it('reports an unconfined AppArmor profile, a custom SELinux type and an unsafe sysctl', () => {
    const text = workload('  user 1000:1000\n  apparmor-profile unconfined\n  selinux { type spc_t }\n  sysctl kernel.msgmax = 65536\n  sysctl net.ipv4.ip_unprivileged_port_start = 80');
    expect(subjects(text)).toEqual(['apparmor@4:20', 'selinux@5:18', 'sysctls@6:3']);
  });
  it('runs only when the kubernetes target is built', () => {
    expect(lintText(workload('  user root')).findings.filter((f) => f.ruleId === 'SPL801')).toEqual([]);
  });
});
