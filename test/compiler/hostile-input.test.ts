// Input from a pull request is hostile by design: every such text compiles or fails with a bounded
// set of clear diagnostics, and nothing from it reaches a terminal unescaped.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { displayText } from '../../src/compiler/diagnostics/display.js';
import { renderText, toJson } from '../../src/compiler/diagnostics/render.js';
import { MAX_DIAGNOSTICS_PER_FILE, MAX_FILE_BYTES, MAX_NESTING, MAX_TOKENS, MAX_VALUES } from '../../src/compiler/limits.js';
import { emitAll, TARGETS } from '../../src/emitters/index.js';
import { at, codesOf, compileText } from '../support/harness.js';

const codes = (text: string, name = 'test.secpol'): string[] => compileText(text, {}, name).diagnostics.map(at);
const shown = (text: string, name = 'test.secpol'): string => compileText(text, {}, name).diagnostics.map((d) => renderText(d, { color: false })).join('\n');
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe('hostile input', () => {
  it('shows control and bidirectional characters of a policy escaped, in snippets, messages and file names', () => {
    const osc = 'workload h {\n  image "busy\u001b]0;pwned\u0007box"\n  \u001b[2J\n}\n';
    const text = shown(osc, 'evil\u001b[31m\u2028name.secpol');
    expect(text).not.toMatch(RAW);
    expect(text).toContain('\\u{1b}[2J');
    expect(text).toContain('evil\\u{1b}[31m\\u{2028}name.secpol:3:3');
    // The JSON form too: a program that prints a message prints no escape sequence.
    const json = JSON.stringify(compileText(osc, {}, 'x\u202e.secpol').diagnostics.map(toJson));
    expect(JSON.parse(json).map((d: { message: string }) => d.message).join('')).not.toMatch(RAW);
    expect(json).toContain('x\\\\u{202e}.secpol');
    // A right-to-left override inside a string value cannot reorder the snippet.
    expect(shown('workload a {\n  image "x\u202ey"\n}\n')).toContain('"x\\u{202e}y"');
  });

  it('keeps the caret under the token when the line before it holds escaped characters', () => {
    const text = shown('workload a {\n  image "\u0001\u0002" bogus\n}\n');
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.startsWith('2 |'));
    expect(lines[i]).toBe('2 |   image "\\u{1}\\u{2}" bogus');
  });

  it('cuts a long source line to a window around the span', () => {
    const text = shown(`workload a {\n  image "busybox" ${'x'.repeat(100_000)} zz\n}\n`);
    expect(text.length).toBeLessThan(2000);
    expect(text).toContain('…');
  });

  it('accepts a UTF-8 byte-order mark', () => {
    expect(codes('\ufeffworkload a {\n  image "busybox"\n}\n')).toEqual([]);
    // A position after it is counted as an editor counts it (the mark is no column).
    expect(codes('\ufeffworkload a {\n  image "busybox"\n  bogus 1\n}\n')).toEqual(['E0201@3:3']);
  });

  it('reports a binary or non-UTF-8 text once, without quoting it', () => {
    const elf = '\u007fELF\u0002\u0001\u0001\u0000\u0000secret-in-binary';
    expect(codes(elf)).toEqual(['E0109@-']);
    expect(shown(elf)).not.toContain('secret');
    expect(codes('workload a {\n  image "\ufffd"\n}\n')).toEqual(['E0109@-']);
    expect(compileText(elf).diagnostics[0]!.message).toBe('`test.secpol` is not a text policy: it holds a NUL byte (line 1)');
  });

  it('refuses a lone UTF-16 surrogate, which no artifact could carry unchanged', () => {
    expect(codes('workload a {\n  image "busybox"\n  command "sh" "\ud800"\n}\n')).toEqual(['E0110@3:17']);
    expect(codes('workload a {\n  image "busybox"\n  env A = "\udc00x"\n}\n')).toEqual(['E0110@3:12']);
  });

  it(`refuses a text over ${MAX_FILE_BYTES} bytes before lexing it`, () => {
    const big = `workload a {\n  image "busybox"\n}\n#${'x'.repeat(MAX_FILE_BYTES)}\n`;
    expect(codes(big)).toEqual(['E0108@-']);
    // Counted in UTF-8 bytes, not characters.
    expect(codes(`workload a {\n  image "busybox"\n}\n#${'é'.repeat(MAX_FILE_BYTES / 2)}\n`)).toEqual(['E0108@-']);
    expect(codes(`workload a {\n  image "busybox"\n}\n#${'é'.repeat(MAX_FILE_BYTES / 4)}\n`)).toEqual([]);
  });

  it(`stops at ${MAX_NESTING} open brackets, at the first past the limit`, () => {
    const deep = `x{s{n${'['.repeat(1200)}`;
    expect(codes(deep)).toEqual([`E0111@1:${6 + MAX_NESTING - 2}`]);
    const inList = `workload a {\n  image "busybox"\n  syscalls {\n    allow socket if arg0 in ${'['.repeat(5000)}\n  }\n}\n`;
    expect(codes(inList).map((c) => c.split('@')[0])).toEqual(['E0111']);
    expect(codes('workload a {\n  image "busybox"\n  syscalls {\n    allow socket if arg0 in [[1]]\n  }\n}\n').every((c) => !c.startsWith('E0111'))).toBe(true);
  });

  it(`refuses a statement or list of more than ${MAX_VALUES} values`, () => {
    const names = Array.from({ length: MAX_VALUES + 1 }, () => 'read').join(', ');
    expect(codes(`workload a {\n  image "busybox"\n  syscalls {\n    allow ${names}\n  }\n}\n`)).toEqual(['E0113@4:5']);
    const list = `[${Array.from({ length: MAX_VALUES + 1 }, () => 1).join(',')}]`;
    expect(codes(`workload a {\n  image "busybox"\n  syscalls {\n    allow socket if arg0 in ${list}\n  }\n}\n`)).toEqual(['E0113@4:29']);
  });

  it(`does not parse a file of more than ${MAX_TOKENS} tokens, and names the first token past the limit`, () => {
    const head = 'workload a {\n  image "busybox"\n  syscalls {\n    allow socket if arg0 in [';
    // 16 tokens before the list; in it every character is a token (`1` and `,`).
    const list = (n: number): string => Array.from({ length: n }, () => '1').join(',');
    const text = `${head}${list(300_000)}]\n  }\n}\n`;
    const past = head.length + (MAX_TOKENS - 16);
    expect(codes(text)).toEqual([`E0114@4:${past - head.lastIndexOf('\n')}`]);
    // Comments are not tokens: a long commented file is read.
    expect(codes(`${'# x\n'.repeat(MAX_TOKENS)}workload a {\n  image "busybox"\n}\n`).filter((c) => c.startsWith('E01'))).toEqual([]);
  });

  it(`shows at most ${MAX_DIAGNOSTICS_PER_FILE} diagnostics of a file, and how many more there were`, () => {
    const text = `workload a {\n  image "busybox"\n${Array.from({ length: 500 }, (_, i) => `  bogus${i} 1\n`).join('')}}\n`;
    const ds = compileText(text).diagnostics;
    expect(ds).toHaveLength(MAX_DIAGNOSTICS_PER_FILE + 1);
    expect(ds[ds.length - 1]!.code).toBe('E0112');
    expect(ds[ds.length - 1]!.message).toBe('450 more diagnostics in test.secpol not shown');
  });

  it('answers a huge name without a "did you mean" search over it', () => {
    const long = 'A'.repeat(100_000);
    for (const text of [
      `workload a {\n  image "busybox"\n  capabilities { add ${long} }\n}\n`,
      `workload a {\n  image "busybox"\n  syscalls { allow ${long.toLowerCase()} }\n}\n`,
      `workload a {\n  image "busybox"\n  syscalls { deny read with errno ${long} }\n}\n`,
      `workload a {\n  image "busybox"\n  syscalls { allow socket if arg0 == ${long} }\n}\n`,
    ]) {
      const ds = compileText(text).diagnostics;
      expect(ds.map((d) => d.code).filter((c) => c.startsWith('E09'))).toEqual([]);
      expect(ds.length).toBeGreaterThan(0);
      expect(ds.every((d) => d.suggestion === null)).toBe(true);
      // The message quotes the name cut short.
      expect(ds.map((d) => renderText(d, { color: false })).join('\n').length).toBeLessThan(3000);
    }
  });

  it('refuses paths longer than the kernel takes', () => {
    expect(codes(`workload a {\n  image "busybox"\n  filesystem { tmpfs /${'a/'.repeat(2100)}x }\n}\n`)).toEqual(['E0502@3:22']);
    expect(codes(`workload a {\n  image "busybox"\n  filesystem { write /tmp/${'a'.repeat(256)} }\n}\n`)).toEqual(['E0502@3:22']);
    expect(codes(`workload a {\n  image "busybox"\n  filesystem { write /tmp/${'a'.repeat(255)} }\n}\n`)).toEqual([]);
  });

  it('escapes a value the way a reader can type it back', () => {
    expect(displayText('a\tb\u0000c\u001bd\u007fe\u0085f\u200eg\ufeffh')).toBe('a\\tb\\u{0}c\\u{1b}d\\u{7f}e\\u{85}f\\u{200e}g\\u{feff}h');
    expect(displayText('emoji 😀 and é stay')).toBe('emoji 😀 and é stay');
    expect(displayText('\ud83d')).toBe('\\u{d83d}');
  });

  it('compiles through any host without throwing, even one that answers nonsense', () => {
    const r = compile('a.secpol', 'extends "./b.secpol"\nworkload a { image "busybox" }\n', { readFile: () => ({ problem: 'unreadable', detail: 'EIO' }) });
    expect(r.diagnostics.map(at)).toEqual(['E0702@1:9']);
  });
});

describe('the longest names', () => {
  // Found by `npm run fuzz` (seed 20261204): a workload name of 57 to 63 characters passed the checks,
  // and its AppArmor profile, `secpol-NAME`, then failed the emitters' shape as an internal error.
  it('a workload name of 63 characters builds every artifact, its profile named secpol-NAME', () => {
    const name = `a${'b'.repeat(61)}c`;
    const r = compileText(`workload ${name} {\n  image "busybox:1"\n}\n`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const artifacts = emitAll(r.ir!, TARGETS);
    expect(artifacts.find((a) => a.path === `${name}.apparmor`)!.content).toContain(`profile "secpol-${name}"`);
    const run = artifacts.find((a) => a.path === 'docker-run.json')!;
    expect(JSON.parse(run.content)).toContain(`apparmor=secpol-${name}`);
    // A name one longer is refused at its place, as before.
    expect(codesOf(`workload ${name}d {\n  image "busybox:1"\n}\n`)).toEqual(['E0206@1:10']);
  });
});
