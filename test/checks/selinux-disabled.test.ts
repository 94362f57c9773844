import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('selinux-disabled', () => {
  it('warns at `disable`', () => {
    expect(codesOf(workload('  selinux disable'))).toEqual(['W0111@3:11']);
  });
  it('warns at a type that confines nothing', () => {
    expect(codesOf(workload('  selinux { type spc_t }'))).toEqual(['W0113@3:18']);
    expect(codesOf(workload('  selinux { type unconfined_t; level "s0" }'))).toEqual(['W0113@3:18']);
  });
  it('is quiet for a label and for no selinux statement', () => {
    expect(codesOf(workload('  selinux { type container_t }'))).toEqual([]);
    expect(codesOf(workload(''))).toEqual([]);
  });
});
