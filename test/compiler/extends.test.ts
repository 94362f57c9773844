import { describe, expect, it } from 'vitest';
import { codesOf, compileText } from '../support/harness.js';

const base = 'workload base {\n  image "busybox:1"\n  user 1000:1000\n  syscalls { allow @file-io }\n  limits { memory 256MiB pids 64 }\n}\n';

describe('extends', () => {
  it('merges a base: the child overrides settings and adds grants', () => {
    const r = compileText('extends "./base.secpol"\nworkload app {\n  limits { memory 1GiB }\n  syscalls { allow @network-client }\n}\n', { 'base.secpol': base });
    expect(r.diagnostics).toEqual([]);
    expect(r.ir!.name).toBe('app');
    expect(r.ir!.image).toBe('busybox:1');
    expect(r.ir!.user.uid).toBe(1000);
    expect(r.ir!.limits.memoryBytes).toBe(1024 ** 3);
    expect(r.ir!.limits.pids).toBe(64);
    const allowed = r.ir!.seccomp.rules.filter((x) => x.action.kind === 'allow').flatMap((x) => x.names);
    expect(allowed).toContain('read');
    expect(allowed).toContain('connect');
  });

  it('reads a base again when its text changed under the same name (bases are parsed once per text)', () => {
    const child = 'extends "./base.secpol"\nworkload app {}\n';
    const first = compileText(child, { 'base.secpol': base });
    const second = compileText(child, { 'base.secpol': base.replace('memory 256MiB', 'memory 128MiB') });
    const again = compileText(child, { 'base.secpol': base });
    expect([first, second, again].map((r) => r.ir!.limits.memoryBytes)).toEqual([256 * 1024 ** 2, 128 * 1024 ** 2, 256 * 1024 ** 2]);
  });

  it('resolves a base relative to the extending file', () => {
    const r = compileText('extends "../shared/base.secpol"\nworkload app {}\n', { 'shared/base.secpol': base }, 'team/app.secpol');
    expect(r.diagnostics).toEqual([]);
  });

  it('lets a child deny what its base allows', () => {
    const r = compileText('extends "base.secpol"\nworkload app {\n  syscalls { deny read with kill }\n}\n', { 'base.secpol': base });
    const read = r.ir!.seccomp.rules.filter((x) => x.names.includes('read'));
    expect(read.map((x) => x.action.kind)).toEqual(['kill']);
  });

  it('reports a cycle at the extends that closes it', () => {
    const a = 'extends "b.secpol"\nworkload a { image "x" }\n';
    const b = 'extends "a.secpol"\nworkload b { image "x" }\n';
    const r = compileText(a, { 'a.secpol': a, 'b.secpol': b }, 'a.secpol');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0701']);
    expect(r.diagnostics[0]!.message).toContain('a.secpol → b.secpol → a.secpol');
    expect(r.diagnostics[0]!.span!.file.name).toBe('b.secpol');
  });

  it('reports a file extending itself', () => {
    const a = 'extends "a.secpol"\nworkload a { image "x" }\n';
    expect(compileText(a, { 'a.secpol': a }, 'a.secpol').diagnostics.map((d) => d.code)).toEqual(['E0701']);
  });

  it('reports errors inside a base at the base file', () => {
    const bad = 'workload base {\n  image "x"\n  capabilities { add CHWON }\n}\n';
    const r = compileText('extends "b.secpol"\nworkload app {}\n', { 'b.secpol': bad });
    expect(r.diagnostics.map((d) => `${d.code} ${d.span!.file.name}`)).toEqual(['E0301 b.secpol']);
  });

  it('extends built-in presets and reports an unknown one', () => {
    expect(compileText('extends preset web-server\nworkload app { image "x" }\n').diagnostics).toEqual([]);
    expect(codesOf('extends preset web-sever\nworkload app { image "x" }\n')).toEqual(['E0308@1:16']);
  });

  it('requires extends before the workload', () => {
    expect(codesOf('workload app { image "x" }\nextends preset web-server\n')).toEqual(['E0703@2:1']);
  });
});
