// SPL206 user-namespace-maps-root: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

const ns = (maps: string): string => workload(`  user root\n  namespaces {\n    user private\n${maps}\n  }`);

describe('SPL206 user-namespace-maps-root', () => {
  it('reports a uid-map that makes container root host root, and the gid map it implies', () => {
    expect(findings('SPL206', ns('    uid-map 0 -> 0 count 65536'))).toEqual(['SPL206@6:5', 'SPL206@6:5']);
    expect(findings('SPL206', ns('    uid-map 0 -> 100000 count 65536\n    gid-map 0 -> 0 count 1'))).toEqual(['SPL206@7:5']);
  });
  it('reports any container id mapped to host id 0, not only container root', () => {
    const r = findings('SPL206', ns('    uid-map 0 -> 100000 count 1000\n    uid-map 1000 -> 0 count 1'));
    expect(r).toEqual(['SPL206@7:5', 'SPL206@7:5']);
  });
  it('is quiet for a map into an unused host range, and without a user namespace', () => {
    expect(findings('SPL206', ns('    uid-map 0 -> 100000 count 65536'))).toEqual([]);
    expect(findings('SPL206', workload('  user 1000:1000'))).toEqual([]);
  });
});
