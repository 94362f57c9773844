import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('limits-are-set', () => {
  it('warns for unlimited memory and pids', () => {
    expect(codesOf(workload('  limits { memory unlimited pids unlimited }'))).toEqual(['W0105@3:19', 'W0105@3:34']);
  });

  it('warns for unlimited swap, and not for a bounded one', () => {
    expect(codesOf(workload('  limits { memory 256MiB memory-swap unlimited }'))).toEqual(['W0105@3:38']);
    expect(codesOf(workload('  limits { memory 256MiB memory-swap 1GiB }'))).toEqual([]);
  });
});
