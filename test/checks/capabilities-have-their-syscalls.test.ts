import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('capabilities-have-their-syscalls', () => {
  it('reports NET_BIND_SERVICE granted while bind is not allowed', () => {
    const r = compileText(workload('  user root\n  capabilities { add NET_BIND_SERVICE }\n  syscalls { allow read }'));
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['E0403']);
    expect(r.diagnostics.find((d) => d.code === 'E0403')!.message).toContain('`bind`');
    expect(codesOf(workload('  user root\n  capabilities { add NET_BIND_SERVICE }\n  syscalls { allow read }'), {}, ['E'])).toEqual(['E0403@4:22']);
  });
  it('reports a capability whose syscalls are explicitly denied though a group allows them', () => {
    expect(codesOf(workload('  user root\n  capabilities { add SYS_CHROOT }\n  syscalls {\n    allow @file-io\n    deny chroot\n  }'), {}, ['E'])).toEqual(['E0403@4:22']);
  });
  it('accepts the capability when one of its syscalls is allowed, by name or group', () => {
    expect(codesOf(workload('  user root\n  capabilities { add NET_BIND_SERVICE, CHOWN }\n  syscalls { allow @network-server, fchown }'), {}, ['E'])).toEqual([]);
  });
  it('does not judge broad capabilities', () => {
    expect(codesOf(workload('  user root\n  capabilities { add DAC_OVERRIDE }'), {}, ['E'])).toEqual([]);
  });
});
