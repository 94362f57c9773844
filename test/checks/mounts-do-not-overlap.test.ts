import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('mounts-do-not-overlap', () => {
  it('reports two mounts on one target', () => {
    expect(codesOf(workload('  filesystem {\n    tmpfs /data\n    volume d -> /data\n  }'))).toEqual(['E0405@5:17']);
  });
  it('reports a mount inside another', () => {
    expect(codesOf(workload('  filesystem {\n    volume d -> /var/lib/app\n    tmpfs /var/lib/app/cache\n  }'))).toEqual(['E0405@5:11']);
  });
  it('accepts siblings that share a prefix of characters only', () => {
    expect(codesOf(workload('  filesystem {\n    tmpfs /data\n    volume d -> /data2\n  }'))).toEqual([]);
  });
});
