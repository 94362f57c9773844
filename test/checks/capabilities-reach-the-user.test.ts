import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('capabilities-reach-the-user', () => {
  it('warns when capabilities are granted to a non-root user', () => {
    expect(codesOf(workload('  user 101:101\n  capabilities { add CHOWN }\n  syscalls { allow fchownat }'))).toEqual(['W0109@3:8']);
  });
});
