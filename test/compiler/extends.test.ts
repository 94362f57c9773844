import { describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../../src/compiler/compile.js';
import { renderText } from '../../src/compiler/diagnostics/render.js';
import { at, codesOf, compileText } from '../support/harness.js';

const codes = (r: CompileResult): string[] => r.diagnostics.map(at);

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

  it('resolves a base relative to the extending file, within the root it is given', () => {
    const r = compileText('extends "../shared/base.secpol"\nworkload app {}\n', { 'shared/base.secpol': base }, 'team/app.secpol', { root: '.' });
    expect(r.diagnostics).toEqual([]);
  });

  it('confines bases to the policy\'s folder by default: `..` out of it is E0705, an absolute path E0704', () => {
    const files = { 'shared/base.secpol': base, '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n' };
    const out = compileText('extends "../shared/base.secpol"\nworkload app {}\n', files, 'team/app.secpol');
    expect(codes(out)).toEqual(['E0705@1:9']);
    expect(out.diagnostics[0]!.message).toBe("base `../shared/base.secpol` is outside `team`, where this policy's bases must be");
    expect(codes(compileText('extends "/etc/passwd"\nworkload app {}\n', files, 'team/app.secpol'))).toEqual(['E0704@1:9']);
    // Climbing out and back in is still inside.
    expect(compileText('extends "../team/b.secpol"\nworkload app {}\n', { 'team/b.secpol': base }, 'team/app.secpol').diagnostics).toEqual([]);
    // A root given as an absolute folder confines absolute names alike.
    expect(codes(compileText('extends "../../etc/x.secpol"\nworkload app {}\n', { '/etc/x.secpol': base }, '/repo/team/app.secpol', { root: '/repo' }))).toEqual(['E0705@1:9']);
  });

  it('refuses a base that is not a policy with one diagnostic that quotes none of it', () => {
    const secret = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\n';
    for (const text of [secret, 'root:x:0:0:root:/root:/bin/sh\n', '//registry.example/:_authToken=npm_abc\n', '', '# only a comment\n', '\u0000\u0001ELF']) {
      const r = compileText('extends "./x.env"\nworkload app { image "busybox" }\n', { 'x.env': text });
      expect(codes(r), JSON.stringify(text)).toEqual(['E0707@1:9']);
      const shown = r.diagnostics.map((d) => renderText(d, { color: false })).join('\n');
      for (const word of ['wJalrXUtnFEMI', 'root:x', 'npm_abc', 'only a comment', 'ELF']) expect(shown).not.toContain(word);
    }
    // A base that begins as a policy is one: its errors are shown as usual.
    expect(codes(compileText('extends "./b.secpol"\nworkload app { image "busybox" }\n', { 'b.secpol': '# shared\nworkload b {\n  bogus 1\n}\n' }))).toEqual(['E0201@3:3']);
  });

  it('reports what a host refuses to read: a directory or device (E0706), a link out of the root (E0705), binary or huge (E0707)', () => {
    const refusing = (problem: 'directory' | 'special' | 'outside-root' | 'not-text' | 'too-large', detail?: string) =>
      compile('app.secpol', 'extends "./b.secpol"\nworkload app { image "busybox" }\n', { readFile: () => (detail ? { problem, detail } : { problem }) });
    expect(codes(refusing('directory'))).toEqual(['E0706@1:9']);
    expect(refusing('special', 'a FIFO').diagnostics[0]!.message).toBe('base `./b.secpol` is a FIFO, not a policy file');
    expect(codes(refusing('outside-root'))).toEqual(['E0705@1:9']);
    expect(codes(refusing('not-text', 'it holds a NUL byte'))).toEqual(['E0707@1:9']);
    expect(codes(refusing('too-large'))).toEqual(['E0707@1:9']);
  });

  it('reads a base with a byte-order mark as the same policy', () => {
    const r = compileText('\ufeffextends "./b.secpol"\nworkload app {}\n', { 'b.secpol': `\ufeff${base}` });
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

  it("the docker-default preset lets a server open the sockets its protocols grant and fork, as Docker's default does", () => {
    const r = compileText('extends preset docker-default\nworkload app {\n  image "x"\n  network { protocols tcp, unix }\n}\n');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const allowed = r.ir!.seccomp.rules.filter((x) => x.action.kind === 'allow').flatMap((x) => x.names);
    for (const n of ['socket', 'clone', 'personality', 'read', 'execve']) expect(allowed, n).toContain(n);
  });

  it('requires extends before the workload', () => {
    expect(codesOf('workload app { image "x" }\nextends preset web-server\n')).toEqual(['E0703@2:1']);
  });
});
