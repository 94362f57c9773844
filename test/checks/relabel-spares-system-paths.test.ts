import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('relabel-spares-system-paths', () => {
  it('refuses relabelling a host system directory, at the relabel word', () => {
    expect(codesOf(workload('  filesystem {\n    bind "/home" -> /home relabel private\n    bind "/usr/" -> /host-usr relabel shared\n  }'))).toEqual(['E0411@4:35', 'E0411@5:39']);
  });
  it('accepts relabelling a directory of the workload\'s own, and system paths without relabel', () => {
    expect(codesOf(workload('  filesystem {\n    bind "/srv/app/data" -> /data relabel private\n    bind "/usr/share/zoneinfo" -> /usr/share/zoneinfo\n  }'))).toEqual([]);
  });
});
