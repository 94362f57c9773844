import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('user-is-mapped', () => {
  it('reports the uid and the gid outside the mappings, at `user`', () => {
    expect(codesOf(workload('  user 1000:2000\n  namespaces {\n    user private\n    uid-map 0 -> 100000 count 1000\n  }'), {}, ['E'])).toEqual(['E0410@3:8', 'E0410@3:8']);
  });
  it('reads the gid against the gid-map when there is one, and reports unmapped supplementary groups at each', () => {
    expect(codesOf(workload('  user 1000:2000\n  groups 2000, 3000\n  namespaces {\n    user private\n    uid-map 0 -> 100000 count 1001\n    gid-map 2000 -> 300000 count 1\n  }'), {}, ['E'])).toEqual([
      'E0410@4:16',
    ]);
  });
  it('holds the default user, 65534:65534, to the mappings too, and says so at `user private`', () => {
    const r = compileText(workload('  namespaces {\n    user private\n    uid-map 0 -> 100000 count 1000\n  }'));
    expect(r.diagnostics.filter((d) => d.code === 'E0410').map((d) => d.message)).toEqual([
      "the workload's uid 65534 is not mapped in its user namespace",
      "the workload's gid 65534 is not mapped in its user namespace",
    ]);
    expect(codesOf(workload('  namespaces {\n    user private\n    uid-map 0 -> 100000 count 1000\n  }'), {}, ['E0410'])).toEqual(['E0410@4:10', 'E0410@4:10']);
  });
  it('accepts root mapped to an unprivileged host uid', () => {
    expect(codesOf(workload('  user root\n  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n  }'), {}, ['E'])).toEqual([]);
  });
});
