// SPL802 kubernetes-cannot-express: one finding per setting the Kubernetes manifest has no field for,
// at its statement, with the node-level setting that gives it; only when the kubernetes target is built.
import { describe, expect, it } from 'vitest';
import { lintPolicy } from '../../../src/lint/lint.js';
import { rulesForTargets } from '../../../src/lint/rules.js';
import { compileText, workload } from '../../support/harness.js';
import { lintText } from '../../support/lint.js';

const found = (text: string) => lintPolicy('test.secpol', compileText(text), rulesForTargets(['kubernetes'])).findings.filter((f) => f.ruleId === 'SPL802');
const subjects = (text: string): string[] => found(text).map((f) => `${f.subject}@${f.region.line}:${f.region.column}`);

describe('SPL802 kubernetes-cannot-express', () => {
  it('reports the default pids limit and ulimits, which every policy has, at the workload', () => {
    expect(subjects(workload(''))).toEqual(['pids@1:10', 'ulimits@1:10']);
    const messages = found(workload('')).map((f) => f.message);
    expect(messages[0]).toContain('podPidsLimit');
    expect(messages[1]).toContain('default_ulimits');
  });
  it('reports the written pids limit, a ulimit and swap where they are written', () => {
    expect(subjects(workload('  limits {\n    pids 64\n    memory 64MiB memory-swap 128MiB\n    ulimit memlock 65536\n  }'))).toEqual(['pids@4:10', 'memory-swap@5:30', 'ulimits@6:12']);
  });
  it('reports a published host address, a tmpfs option, an unsafe sysctl, and the workload and AppArmor names Kubernetes changes', () => {
    const text = 'workload my_app {\n  image "busybox:1"\n  network { publish 127.0.0.1:8080 -> 80/tcp }\n  filesystem { tmpfs /tmp size 1MiB }\n  sysctl kernel.msgmax = 65536\n}\n';
    expect(subjects(text)).toEqual(['apparmor-profile@1:10', 'name@1:10', 'pids@1:10', 'ulimits@1:10', 'published-address@3:13', 'tmpfs-options@4:16', 'sysctls@5:3']);
  });
  it('reports explicit id maps and a default errno SPO cannot carry', () => {
    const text = workload('  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n  }\n  syscalls { default errno ENOSYS }');
    expect(subjects(text).filter((s) => !/^(pids|ulimits)@/.test(s))).toEqual(['id-maps@5:5', 'default-errno@7:22']);
  });
  it('reports a user namespace beside a host namespace, and a network sysctl beside the host network: the manifest leaves both out', () => {
    const text = workload('  network { mode host }\n  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n  }\n  sysctl net.ipv4.tcp_syncookies = 1');
    expect(subjects(text).filter((s) => /^(user-namespace|sysctls)@/.test(s))).toEqual(['user-namespace@5:10', 'sysctls@8:3']);
  });

  it('runs only when the kubernetes target is built', () => {
    expect(lintText(workload('')).findings.filter((f) => f.ruleId === 'SPL802')).toEqual([]);
  });
});

