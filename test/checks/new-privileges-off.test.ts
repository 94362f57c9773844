import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('new-privileges-off', () => {
  it('warns when no-new-privileges is off', () => {
    expect(codesOf(workload('  no-new-privileges off'))).toEqual(['W0106@3:21']);
  });
});
