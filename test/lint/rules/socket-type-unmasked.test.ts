// SPL512 socket-type-unmasked: a socket type compared exactly (findings at line:col), and the masked forms, which are quiet.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

const net = '  network { protocols tcp, udp }\n';

describe('SPL512 socket-type-unmasked', () => {
  it('reports `arg1 == SOCK_STREAM` at the condition (W0115\'s case)', () => {
    const text = workload(`${net}  syscalls { allow socket if arg1 == SOCK_STREAM }`);
    expect(findings('SPL512', text)).toEqual(['SPL512@4:30']);
    const f = lintText(text).findings.find((x) => x.ruleId === 'SPL512')!;
    expect([f.subject, f.message]).toEqual(['socket', '`socket` is compared with `SOCK_STREAM` exactly, which misses callers that add SOCK_CLOEXEC or SOCK_NONBLOCK']);
  });
  it('reports a list of bare types, and a deny that callers with flags get past', () => {
    expect(findings('SPL512', workload(`${net}  syscalls { allow socket if arg1 in [SOCK_STREAM, SOCK_DGRAM] }`))).toEqual(['SPL512@4:30']);
    expect(findings('SPL512', workload(`${net}  syscalls {\n    allow @network-server\n    deny socketpair if arg1 == SOCK_DGRAM\n  }`))).toEqual(['SPL512@6:24']);
  });
  it('is quiet for the masked form and for a value that spells its flags', () => {
    expect(findings('SPL512', workload(`${net}  syscalls { allow socket if arg1 & SOCK_TYPE_MASK == SOCK_STREAM }`))).toEqual([]);
    expect(findings('SPL512', workload(`${net}  syscalls { allow socket if arg1 == SOCK_STREAM | SOCK_CLOEXEC }`))).toEqual([]);
  });
});
