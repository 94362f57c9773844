// Adding a statement is one entry in the schema (src/compiler/2-decode/schema.ts): here a test-only
// schema is the real one plus `domainname NAME` in the workload block (read into the workload's
// hostname with the shared readers), decoded by the real decoder. The entry alone gives the
// statement its reading with spans, its usage error with its own example, the duplicate rule, the
// block rule, "did you mean" and the misplaced-statement hint.
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/compiler/1-parse/parse-file.js';
import { decode } from '../../src/compiler/2-decode/decode.js';
import { once, one } from '../../src/compiler/2-decode/read-values.js';
import { SCHEMA, type Schema } from '../../src/compiler/2-decode/schema.js';
import { SourceFile, type Span } from '../../src/compiler/source.js';

const WITH_DOMAINNAME: Schema = {
  ...SCHEMA,
  workload: {
    ...SCHEMA.workload,
    domainname: { block: 'never', example: '`domainname web.example`', read: once('hostname', one('one domain name')) },
  },
};

function run(text: string, schema?: Schema) {
  const file = new SourceFile('app.secpol', text);
  const parsed = parseFile(file);
  expect(parsed.diagnostics).toEqual([]);
  return decode(file, parsed.tree!, 0, schema);
}

const at = (span: Span | null): string => {
  const p = span!.file.position(span!.start);
  return `${p.line}:${p.column}`;
};

const findings = (text: string, schema: Schema = WITH_DOMAINNAME): string[] =>
  run(text, schema).diagnostics.map((d) => `${d.code} ${at(d.span)} ${d.message}${d.help ? ` | ${d.help}` : ''}`);

const workload = (body: string): string => `workload web {\n  image "nginx:1.27"\n${body}}\n`;

describe('a statement added as one schema entry', () => {
  it('is decoded, with the span of its value', () => {
    const r = run(workload('  domainname web.example\n'), WITH_DOMAINNAME);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.workload!.hostname!.value).toBe('web.example');
    expect(at(r.ast.workload!.hostname!.span)).toBe('3:14');
  });

  it('is unknown to the real schema', () => {
    const [only, ...rest] = findings(workload('  domainname web.example\n'), SCHEMA);
    expect(rest).toEqual([]);
    expect(only).toMatch(/^E0201 3:3 unknown statement `domainname` in the workload block \| expected one of: image, .*, lint$/);
    expect(only).not.toContain('domainname,');
  });

  it('reports a wrong number of values with its own example', () => {
    expect(findings(workload('  domainname a b\n'))).toEqual(['E0202 3:3 `domainname` expects one domain name | e.g. `domainname web.example`']);
    expect(findings(workload('  domainname\n'))).toEqual(['E0202 3:3 `domainname` expects one domain name | e.g. `domainname web.example`']);
  });

  it('reports a second one and keeps the first', () => {
    const text = workload('  domainname a.example\n  domainname b.example\n');
    expect(findings(text)).toEqual(['E0203 4:3 `domainname` is set more than once']);
    expect(run(text, WITH_DOMAINNAME).ast.workload!.hostname!.value).toBe('a.example');
  });

  it('reports it in another block, naming the block it belongs in', () => {
    expect(findings(workload('  network {\n    domainname web.example\n  }\n'))).toEqual([
      'E0201 4:5 unknown statement `domainname` in the `network` block | `domainname` belongs directly in the `workload NAME { … }` block',
    ]);
  });

  it('holds its block rule and is offered for a misspelling', () => {
    expect(findings(workload('  domainname web.example {\n  }\n'))).toEqual(['E0205 3:26 `domainname` does not take a block']);
    expect(findings(workload('  domainnme web.example\n'))).toEqual(['E0201 3:3 unknown statement `domainnme` in the workload block | did you mean `domainname`?']);
  });
});
