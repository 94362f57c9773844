import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('names-are-valid', () => {
  it('reports an upper-case or punctuated workload name', () => {
    expect(codesOf('workload Web_App! {\n  image "a"\n}\n')).toEqual(['E0206@1:10', 'E0101@1:17']);
    expect(codesOf('workload "web app" {\n  image "a"\n}\n')).toEqual(['E0206@1:10']);
    expect(codesOf('workload WebApp {\n  image "a"\n}\n')).toEqual(['E0206@1:10']);
  });
  it('reports a bad AppArmor profile, network or volume name', () => {
    expect(codesOf(workload('  apparmor-profile "a b"'))).toEqual(['E0206@3:20']);
    expect(codesOf(workload('  network { mode "my net" }'))).toEqual(['E0206@3:18']);
    expect(codesOf(workload('  filesystem { volume "-x" -> /data }'))).toEqual(['E0206@3:23']);
  });
  it('accepts plain names', () => {
    expect(codesOf(workload('  apparmor-profile secpol-web.v2\n  network { mode backend-net }'))).toEqual([]);
  });
});
