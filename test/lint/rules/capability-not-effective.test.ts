// SPL105 capability-not-effective: capabilities granted to a non-root user (findings at line:col), and the cases that are quiet.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

describe('SPL105 capability-not-effective', () => {
  it('reports at the `user` line of a non-root user (W0109\'s case)', () => {
    expect(findings('SPL105', workload('  user 101:101\n  capabilities { add CHOWN }\n  syscalls { allow fchownat }'))).toEqual(['SPL105@3:8']);
  });
  it('reports each capability, by name, with the compiler\'s words', () => {
    const r = lintText(workload('  user 101:101\n  capabilities { add CHOWN, NET_BIND_SERVICE }\n  syscalls { allow fchownat, bind }'));
    expect(r.findings.filter((f) => f.ruleId === 'SPL105').map((f) => [f.subject, f.message, `${f.region.line}:${f.region.column}`])).toEqual([
      ['CAP_CHOWN', '`CHOWN` granted to a non-root user only takes effect through file capabilities', '3:8'],
      ['CAP_NET_BIND_SERVICE', '`NET_BIND_SERVICE` granted to a non-root user only takes effect through file capabilities', '3:8'],
    ]);
  });
  it('reports at the `add` of each capability when the default user (nobody) runs the workload', () => {
    expect(findings('SPL105', workload('  capabilities {\n    add CHOWN\n    add NET_BIND_SERVICE\n  }\n  syscalls { allow fchownat, bind }'))).toEqual(['SPL105@4:9', 'SPL105@5:9']);
  });
  it('is suppressed per capability, for a binary that carries the file capability', () => {
    const text = workload('  user 101:101\n  capabilities { add CHOWN, NET_BIND_SERVICE }\n  syscalls { allow fchownat, bind }\n  lint { ignore SPL105 NET_BIND_SERVICE "setcap cap_net_bind_service+ep /app/server" }');
    expect(findings('SPL105', text)).toEqual(['SPL105@3:8', 'SPL105@3:8 (suppressed)']);
  });
  it('is quiet for root, and for a non-root user without capabilities', () => {
    expect(findings('SPL105', workload('  user root\n  capabilities { add CHOWN }\n  syscalls { allow fchownat }'))).toEqual([]);
    expect(findings('SPL105', workload('  user 101:101'))).toEqual([]);
  });
});
