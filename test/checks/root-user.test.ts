import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('root-user', () => {
  it('warns for `user root` and refuses uid 0 written as a number', () => {
    expect(codesOf(workload('  user root'))).toEqual(['W0103@3:8']);
    expect(codesOf(workload('  user 0:0'))).toEqual(['E0505@3:8']);
  });
});
