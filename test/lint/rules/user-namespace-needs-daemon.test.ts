// SPL207 user-namespace-needs-daemon: a private user namespace, which Docker maps only for a whole daemon (findings at line:col).
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

const message = (text: string): string => lintText(text).findings.find((f) => f.ruleId === 'SPL207')!.message;

describe('SPL207 user-namespace-needs-daemon', () => {
  const mapped = workload('  user root\n  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n  }');
  it('reports at `user private` (W0110\'s case)', () => {
    expect(findings('SPL207', mapped)).toEqual(['SPL207@5:10']);
  });
  it('says which daemon setting and subordinate id ranges give the same map', () => {
    const m = message(mapped);
    expect(m).toMatch(/^the user namespace mappings reach config\.json only: Docker cannot set them for one container \(/);
    expect(m).toContain('`{"userns-remap": "secpol"}`');
    expect(m).toContain('/etc/subuid `secpol:100000:65536`');
    expect(m).toContain('/etc/subgid `secpol:100000:65536`');
  });
  it('gives the gid ranges of a `gid-map`', () => {
    expect(message(workload('  user root\n  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n    gid-map 0 -> 200000 count 65536\n  }'))).toContain('/etc/subgid `secpol:200000:65536`');
  });
  it('offers no daemon setting when Docker cannot give the map (a range that does not start at container id 0)', () => {
    const text = workload('  user 1000\n  namespaces {\n    user private\n    uid-map 1000 -> 100000 count 1\n  }');
    expect(findings('SPL207', text)).toEqual(['SPL207@5:10']);
    const m = message(text);
    expect(m).toContain('no daemon setting gives this map');
    expect(m).not.toContain('userns-remap');
    expect(m).not.toContain('/etc/subuid');
  });
  it('is quiet without a user namespace', () => {
    expect(findings('SPL207', workload('  namespaces { user host }'))).toEqual([]);
    expect(findings('SPL207', workload(''))).toEqual([]);
  });
});
