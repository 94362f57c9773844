// SPL604 socket-outside-protocols: a socket rule beyond `protocols` (findings at line:col), and rules within them, which are quiet.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

describe('SPL604 socket-outside-protocols', () => {
  it('reports a family the rule allows and no protocol grants, at the value (W0117\'s case)', () => {
    const text = workload('  network { protocols tcp }\n  syscalls { allow socket if arg0 in [AF_INET, AF_UNIX] }');
    expect(findings('SPL604', text)).toEqual(['SPL604@4:48']);
    const f = lintText(text).findings.find((x) => x.ruleId === 'SPL604')!;
    expect([f.subject, f.message]).toEqual(['socket', '`socket` is allowed for `unix` sockets, which no protocol of the policy grants, so those calls are refused']);
  });
  it('reports socket allowed without any protocol, at the name (W0117\'s case)', () => {
    expect(findings('SPL604', workload('  syscalls { allow socket }'))).toEqual(['SPL604@3:20']);
    expect(lintText(workload('  syscalls { allow socket }')).findings.find((x) => x.ruleId === 'SPL604')!.message).toBe('`socket` is allowed for any socket, which no protocol of the policy grants, so those calls are refused');
  });
  it('reports socketpair too', () => {
    expect(findings('SPL604', workload('  network { protocols tcp }\n  syscalls { allow socketpair if arg0 == AF_UNIX }'))).toEqual(['SPL604@4:42']);
  });
  it('is quiet when the protocols grant what the rule allows, and for a deny', () => {
    expect(findings('SPL604', workload('  network { protocols tcp, unix }\n  syscalls { allow socket if arg0 in [AF_INET, AF_UNIX] }'))).toEqual([]);
    expect(findings('SPL604', workload('  syscalls { deny socket }'))).toEqual([]);
  });
});
