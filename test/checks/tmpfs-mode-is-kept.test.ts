import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('tmpfs-mode-is-kept', () => {
  it('warns that a tmpfs mode is overridden where the image has the directory', () => {
    expect(codesOf(workload('  filesystem { tmpfs /run size 4MiB mode 1777 }'))).toEqual(['W0116@3:42']);
  });
  it('is quiet without a mode', () => {
    expect(codesOf(workload('  filesystem { tmpfs /run size 4MiB }'))).toEqual([]);
  });
});
