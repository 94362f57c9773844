import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('capabilities-are-listed-once', () => {
  it('reports a capability added twice, however it is spelled', () => {
    expect(codesOf(workload('  user root\n  capabilities {\n    add CHOWN, cap_chown\n  }\n  syscalls { allow fchownat }'), {}, ['E'])).toEqual(['E0401@5:16']);
  });
  it('reports add and drop of the same capability in one file', () => {
    expect(codesOf(workload('  user root\n  capabilities {\n    add CHOWN\n    drop CHOWN\n  }\n  syscalls { allow fchownat }'), {}, ['E'])).toEqual(['E0401@6:10']);
  });
  it('lets a child drop what its base adds', () => {
    const base = 'workload base {\n  image "a"\n  user root\n  capabilities { add CHOWN }\n  syscalls { allow fchownat }\n}\n';
    expect(codesOf('extends "b.secpol"\nworkload app {\n  capabilities { drop CHOWN }\n}\n', { 'b.secpol': base }, ['E'])).toEqual([]);
  });
});
