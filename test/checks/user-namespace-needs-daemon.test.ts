import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('user-namespace-needs-daemon', () => {
  it('warns at `user private` and gives the daemon.json setting and the subordinate id ranges in its help', () => {
    const text = workload('  user root\n  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n  }');
    expect(codesOf(text, {}, ['W0110'])).toEqual(['W0110@5:10']);
    const d = compileText(text).diagnostics.find((x) => x.code === 'W0110')!;
    expect(d.help).toContain('`{"userns-remap": "secpol"}` in /etc/docker/daemon.json');
    expect(d.help).toContain('/etc/subuid: `secpol:100000:65536`');
    expect(d.help).toContain('/etc/subgid: `secpol:100000:65536`');
    expect(d.help).toContain('`useradd --system secpol`');
    expect(d.notes).toEqual([]);
  });
  it('notes when Docker cannot give the same map (a range that does not start at container id 0)', () => {
    const d = compileText(workload('  user 1000\n  namespaces {\n    user private\n    uid-map 1000 -> 100000 count 1\n  }')).diagnostics.find((x) => x.code === 'W0110')!;
    expect(d.notes).toEqual([expect.stringContaining('no daemon setting gives exactly this map')]);
    // No daemon setting is offered that would map other ids than the policy's.
    expect(d.help).not.toContain('userns-remap');
    expect(d.help).not.toContain('/etc/subuid');
    expect(d.help).toContain('runc');
  });
  it('says nothing without a user namespace', () => {
    expect(codesOf(workload('  namespaces { user host }'), {}, ['W0110'])).toEqual([]);
  });
});
