import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('unrestricted-lifts-a-restriction', () => {
  it('accepts clone allowed unrestricted (the advice against it is SPL508, namespace-creation-allowed)', () => {
    expect(codesOf(workload('  syscalls { allow clone unrestricted }'))).toEqual([]);
  });
  it('refuses it on a call secpol does not restrict, and on a rule with its own conditions', () => {
    expect(codesOf(workload('  syscalls { allow read unrestricted }'))).toEqual(['E0416@3:20']);
    expect(codesOf(workload('  syscalls { allow clone unrestricted if arg0 & CLONE_NEWUSER == 0 }'))).toEqual(['E0416@3:20']);
  });
  it('reads `unrestricted` only as the word after the names', () => {
    expect(codesOf(workload('  syscalls { allow clone, unrestricted }'))).toEqual(['E0302@3:27']);
  });
});
