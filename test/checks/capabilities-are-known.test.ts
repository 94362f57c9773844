import { describe, expect, it } from 'vitest';
import { compileText, codesOf, workload } from '../support/harness.js';

describe('capabilities-are-known', () => {
  it('reports a typo with a suggestion at the exact token', () => {
    const r = compileText(workload('  user root\n  capabilities {\n    add NET_BIND_SERVIC, CHOWN\n  }\n  syscalls { allow bind, fchownat }'));
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.span!.file.position(d.span!.start).line}:${d.span!.file.position(d.span!.start).column}`)).toEqual(['E0301@5:9']);
    expect(r.diagnostics.find((d) => d.code === 'E0301')!.help).toBe('did you mean `NET_BIND_SERVICE`?');
  });
  it('names a syscall written as a capability', () => {
    const r = compileText(workload('  capabilities { add ptrace }'));
    expect(r.diagnostics[0]!.code).toBe('E0301');
    expect(r.diagnostics[0]!.help).toContain('is a syscall, not a capability');
  });
  it('refuses the capability that does not exist and ALL', () => {
    expect(codesOf(workload('  capabilities { add CAP_NET_BIND_HIGH }'))).toEqual(['E0301@3:22']);
    expect(codesOf(workload('  capabilities { drop ALL }'))).toEqual(['E0301@3:23']);
  });
  it('accepts any case and an optional CAP_ prefix', () => {
    expect(codesOf(workload('  user root\n  capabilities { add cap_chown, Fowner }\n  syscalls { allow fchownat }'), {}, ['E'])).toEqual([]);
  });
});
