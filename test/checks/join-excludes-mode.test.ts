import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('join-excludes-mode', () => {
  it.each(['none', 'host', 'bridge', 'backend'])('reports `join` with `mode %s`', (mode) => {
    expect(codesOf(workload(`  network {\n    mode ${mode}\n    join frontend\n  }`), {}, ['E04'])).toEqual(['E0499@4:10']);
  });
  it('reports `join` with the one-line `network none`', () => {
    expect(codesOf(workload('  network none\n  network {\n    join frontend\n  }'), {}, ['E04'])).toEqual(['E0499@3:11']);
  });
  it('proposes joining a named network instead of naming it as the mode', () => {
    expect(compileText(workload('  network {\n    mode backend\n    join frontend\n  }')).diagnostics.find((d) => d.code === 'E0499')!.help).toBe(
      'to attach to `backend` as well, write `join backend` and remove the mode',
    );
  });
  it('lets a policy join networks its base kept off the network (the most specific file wins)', () => {
    const base = 'workload base {\n  image "busybox:1"\n  network none\n}\n';
    const r = compileText('extends "base.secpol"\nworkload app {\n  network {\n    join backend internal\n  }\n}\n', { 'base.secpol': base });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ir!.network.mode).toMatchObject({ kind: 'networks', networks: [{ name: 'backend', internal: true }] });
  });
  it('lets a policy set a mode over a base that joins networks', () => {
    const base = 'workload base {\n  image "busybox:1"\n  network {\n    join backend\n  }\n}\n';
    const r = compileText('extends "base.secpol"\nworkload app {\n  network none\n}\n', { 'base.secpol': base });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ir!.network.mode).toEqual({ kind: 'none' });
  });
});
