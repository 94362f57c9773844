import { describe, expect, it } from 'vitest';
import { ENGINE_SOCKETS, SENSITIVE_HOST_TREES } from '../../src/compiler/data/host-paths.js';
import { codesOf, workload } from '../support/harness.js';
import { lintText } from '../support/lint.js';

const bind = (source: string): string => workload(`  filesystem {\n    bind "${source}" -> /mnt/x\n  }`);

describe('sensitive-bind-mounts', () => {
  it('warns for the Docker socket, / and /etc', () => {
    expect(codesOf(workload('  filesystem {\n    bind "/var/run/docker.sock" -> /var/run/docker.sock\n    bind "/" -> /host\n    bind "/etc" -> /host-etc\n  }'))).toEqual(['W0104@4:10', 'W0104@5:10', 'W0104@6:10']);
  });

  it('warns for the CRI-O socket, /usr and the engines\' state, and for paths under a tree', () => {
    for (const p of ['/run/crio/crio.sock', '/usr', '/var/lib/docker', '/usr/lib/x', '/etc/ssl/certs/'])
      expect(codesOf(bind(p), {}, ['W']), p).toEqual(['W0104@4:10']);
    for (const p of ['/srv/data', '/usr-local', '/etcetera', '/var/lib/app']) expect(codesOf(bind(p), {}, ['W']), p).toEqual([]);
  });

  it('agrees with `secpol lint` on every path of the shared list', () => {
    for (const p of [...ENGINE_SOCKETS, ...SENSITIVE_HOST_TREES]) {
      expect(codesOf(bind(p), {}, ['W0104']), p).toEqual(['W0104@4:10']);
      const ids = lintText(bind(p)).findings.map((f) => f.ruleId);
      expect(ids.some((id) => id === 'SPL301' || id === 'SPL303'), `${p}: ${ids.join(' ')}`).toBe(true);
    }
  });
});
