import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('apparmor-unconfined', () => {
  it('warns at the profile name', () => {
    expect(codesOf(workload('  apparmor-profile unconfined'))).toEqual(['W0112@3:20']);
  });
  it('is quiet for a named profile', () => {
    expect(codesOf(workload('  apparmor-profile secpol-app'))).toEqual([]);
  });
});
