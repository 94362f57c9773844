import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('writable-root', () => {
  it('warns for a writable root file system', () => {
    expect(codesOf(workload('  filesystem { root writable }'))).toEqual(['W0107@3:21']);
  });
});
