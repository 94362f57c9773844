import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('id-mappings-need-user-namespace', () => {
  it('reports a private user namespace without a uid-map, at `private`', () => {
    expect(codesOf(workload('  namespaces { user private }'), {}, ['E'])).toEqual(['E0409@3:21']);
  });
  it('reports a private user namespace with only a gid-map', () => {
    expect(codesOf(workload('  namespaces {\n    user private\n    gid-map 0 -> 100000 count 65536\n  }'), {}, ['E'])).toEqual(['E0409@4:10']);
  });
  it('reports every mapping written without `user private`, whether the user namespace is host or unsaid', () => {
    expect(codesOf(workload('  namespaces {\n    uid-map 0 -> 100000 count 65536\n    gid-map 0 -> 100000 count 65536\n  }'), {}, ['E'])).toEqual(['E0409@4:5', 'E0409@5:5']);
    expect(codesOf(workload('  namespaces {\n    user host\n    uid-map 0 -> 100000 count 65536\n  }'), {}, ['E'])).toEqual(['E0409@5:5']);
  });
  it('accepts a private user namespace with its mappings', () => {
    expect(codesOf(workload('  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n  }'), {}, ['E'])).toEqual([]);
  });
});
