/**
 * `secpol fmt`'s printer. Properties over every policy in the repository and thousands of generated
 * ones: the formatted text parses to the same syntax tree (offsets aside), formatting it again changes
 * nothing, and every comment is still there. Then the layout rules, one by one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/compiler/1-parse/parse-file.js';
import { hasErrors } from '../../src/compiler/diagnostics/diagnostic.js';
import { SourceFile } from '../../src/compiler/source.js';
import { formatPolicy, MAX_WIDTH } from '../../src/format/format.js';
import { fuzzCases, loadSeeds } from '../support/fuzz-cases.js';
import { repoRoot } from '../support/repo.js';

/** The syntax tree of a text without offsets (and null when it does not parse). */
function tree(text: string): unknown {
  const p = parseFile(new SourceFile('t.secpol', text.startsWith('\uFEFF') ? text.slice(1) : text));
  if (p.tree === null || hasErrors(p.diagnostics)) return null;
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (x === null || typeof x !== 'object') return x;
    return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'start' && k !== 'end' && k !== 'badEscapes').map(([k, v]) => [k, strip(v)]));
  };
  return strip(p.tree);
}

/** The comments of a text as the formatter should keep them: `#` to the end of the line, outside strings. */
function comments(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '#') {
        out.push(line.slice(i).replace(/[ \t\r]+$/, ''));
        break;
      }
    }
  }
  return out;
}

const fmt = (text: string): string => {
  const r = formatPolicy('t.secpol', text);
  if (!r.ok) throw new Error(`does not format: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.text;
};

/** Holds the three properties for one text that parses. */
function holds(text: string, name: string): void {
  const once = fmt(text);
  expect(tree(once), `${name}: the tree`).toEqual(tree(text));
  expect(fmt(once), `${name}: idempotent`).toBe(once);
  // Comments are kept, each whole; two trailing comments inside one statement may share a line.
  expect(comments(once).join(' '), `${name}: comments`).toBe(comments(text).join(' '));
}

function policyFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? policyFiles(p) : p.endsWith('.secpol') ? [p] : [];
  });
}

describe('secpol fmt: properties', () => {
  const files = [...policyFiles(join(repoRoot, 'examples')), ...policyFiles(join(repoRoot, 'test'))];

  it('every policy in the repository that parses: same tree, idempotent, comments kept', () => {
    let parsed = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (tree(text) === null) continue;
      parsed++;
      holds(text, relative(repoRoot, f));
    }
    expect(parsed).toBeGreaterThan(30);
  });

  it('generated policies (the fuzzer\'s mutations of them, hostile statements, token soups): the same', () => {
    const seeds = loadSeeds(repoRoot);
    let parsed = 0;
    fc.assert(
      fc.property(fuzzCases(seeds), (c) => {
        if (tree(c.text) === null) return;
        parsed++;
        holds(c.text, `${c.family} case`);
      }),
      { numRuns: 1000, seed: 20261204 },
    );
    expect(parsed).toBeGreaterThan(250);
  });
});

describe('secpol fmt: the layout', () => {
  it('indents blocks by two spaces, one statement per line, one space between values', () => {
    expect(fmt('workload  app{\n image    "busybox:1"\n    user 1000:1000; no-new-privileges   true\n}')).toBe('workload app {\n  image "busybox:1"\n  user 1000:1000\n  no-new-privileges true\n}\n');
  });

  it('opens a one-line block onto its own lines, and writes an empty one as {}', () => {
    expect(fmt('workload a {\n  image "b"\n  limits { memory 64MiB  pids 32 }\n  network { }\n}\n')).toBe('workload a {\n  image "b"\n  limits {\n    memory 64MiB pids 32\n  }\n  network {}\n}\n');
  });

  it('keeps one blank line where there were several, and none after { or before }', () => {
    expect(fmt('workload a {\n\n\n  image "b"\n\n\n\n  user 1:1\n\n}\n')).toBe('workload a {\n  image "b"\n\n  user 1:1\n}\n');
  });

  it('keeps comments: own-line ones before their statement (a blank line above kept), trailing ones after two spaces', () => {
    const text = '# head\nworkload a {   # the workload\n  image "b"    # pinned\n\n  # who runs it\n  user 1:1\n  # last words\n}  # end\n# tail\n';
    expect(fmt(text)).toBe('# head\nworkload a {  # the workload\n  image "b"  # pinned\n\n  # who runs it\n  user 1:1\n  # last words\n}  # end\n# tail\n');
  });

  it('keeps the blank line between a comment group and its statement (a licence header)', () => {
    expect(fmt('# Copyright the authors\n# Licensed under Apache-2.0\n\nworkload a {\n  # section\n\n  image "b"\n}\n')).toBe('# Copyright the authors\n# Licensed under Apache-2.0\n\nworkload a {\n  # section\n\n  image "b"\n}\n');
  });

  it('gives a trailing comment after `a; b` to b, the statement that ends the line', () => {
    expect(fmt('workload a {\n  image "b"; user 1:1  # both\n}\n')).toBe('workload a {\n  image "b"\n  user 1:1  # both\n}\n');
  });

  it('writes words and strings as written, escapes and all, and `#` inside a string is no comment', () => {
    expect(fmt('workload a {\n  image "b"\n  env X = "a \\"#q\\" \\\\ \\t"\n}\n')).toBe('workload a {\n  image "b"\n  env X = "a \\"#q\\" \\\\ \\t"\n}\n');
  });

  it('writes lists as [a, b] and a comma against what precedes it', () => {
    expect(fmt('workload a {\n  image "b"\n  syscalls {\n    allow socket if arg0 in [ 1 ,2,  10 ]\n    allow read ,write\n  }\n}\n')).toBe('workload a {\n  image "b"\n  syscalls {\n    allow socket if arg0 in [1, 2, 10]\n    allow read, write\n  }\n}\n');
  });

  it(`breaks a statement longer than ${MAX_WIDTH} columns after a comma, four spaces further in`, () => {
    const names = Array.from({ length: 30 }, (_, i) => `name${i}`);
    const out = fmt(`workload a {\n  image "b"\n  syscalls {\n    allow ${names.join(', ')}\n  }\n}\n`);
    const lines = out.split('\n');
    expect(lines.every((l) => l.length <= MAX_WIDTH)).toBe(true);
    expect(lines.filter((l) => l.startsWith('        name')).length).toBeGreaterThan(0);
    expect(tree(out)).toEqual(tree(`workload a {\n  image "b"\n  syscalls {\n    allow ${names.join(', ')}\n  }\n}\n`));
  });

  it('reads CRLF and a byte-order mark, and writes LF without the mark', () => {
    expect(fmt('\uFEFFworkload a {\r\n  image "b"\r\n}\r\n')).toBe('workload a {\n  image "b"\n}\n');
  });

  it('does not format a text with syntax errors: it returns them', () => {
    const r = formatPolicy('bad.secpol', 'workload a {\n  image "b\n}\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => d.code)).toEqual(['E0102']);
  });
});
