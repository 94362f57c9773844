import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('sensitive-bind-mounts', () => {
  it('warns for the Docker socket, / and /etc', () => {
    expect(codesOf(workload('  filesystem {\n    bind "/var/run/docker.sock" -> /var/run/docker.sock\n    bind "/" -> /host\n    bind "/etc" -> /host-etc\n  }'))).toEqual(['W0104@4:10', 'W0104@5:10', 'W0104@6:10']);
  });
});
