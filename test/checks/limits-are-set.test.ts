import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('limits-are-set', () => {
  it('warns for unlimited memory and pids', () => {
    expect(codesOf(workload('  limits { memory unlimited pids unlimited }'))).toEqual(['W0105@3:19', 'W0105@3:34']);
  });
});
