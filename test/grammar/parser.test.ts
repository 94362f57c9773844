import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/compiler/1-parse/parse-file.js';
import { SourceFile } from '../../src/compiler/source.js';
import type { StatementNode } from '../../grammar/syntax-tree.js';

const parse = (text: string) => parseFile(new SourceFile('t.secpol', text));
const shape = (s: StatementNode): unknown => ({
  kw: s.keyword.text,
  values: s.values.map((v) => (v.kind === 'list' ? `[${v.items.length}]` : v.kind === 'string' ? JSON.stringify(v.value) : v.kind === 'word' ? v.text : v.kind)),
  ...(s.block ? { block: s.block.statements.map(shape) } : {}),
});

describe('parser', () => {
  it('builds statements with values and nested blocks, in source order', () => {
    const r = parse('extends "./b.secpol"\nworkload web {\n  image "x"\n  network {\n    publish 1:2 -> 3\n  }\n}\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.tree!.statements.map(shape)).toEqual([
      { kw: 'extends', values: ['"./b.secpol"'] },
      { kw: 'workload', values: ['web'], block: [{ kw: 'image', values: ['"x"'] }, { kw: 'network', values: [], block: [{ kw: 'publish', values: ['1:2', 'arrow', '3'] }] }] },
    ]);
  });

  it('continues a statement on the next line after a trailing comma, and lists across lines', () => {
    const r = parse('workload w {\n  allow a,\n    b\n  allow s if arg0 in [X,\n  Y]\n}');
    expect(r.diagnostics).toEqual([]);
    const inner = r.tree!.statements[0]!.block!.statements.map(shape);
    expect(inner).toEqual([
      { kw: 'allow', values: ['a', 'comma', 'b'] },
      { kw: 'allow', values: ['s', 'if', 'arg0', 'in', '[3]'] },
    ]);
  });

  it('separates statements on one line with semicolons', () => {
    const r = parse('workload w { image "a"; user 1:1 }');
    expect(r.tree!.statements[0]!.block!.statements.map((s) => s.keyword.text)).toEqual(['image', 'user']);
  });

  it('records the offsets of keywords and values', () => {
    const r = parse('workload w {\n  image "nginx"\n}');
    const img = r.tree!.statements[0]!.block!.statements[0]!;
    expect([img.keyword.start, img.keyword.end, img.values[0]!.start, img.values[0]!.end]).toEqual([15, 20, 21, 28]);
  });

  it('reports a missing closing brace once, at the brace left open', () => {
    const r = parse('workload w {\n  network {\n    publish 1 -> 2\n  }\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0104']);
    expect(r.diagnostics[0]!.span!.start).toBe(11);
    expect(r.tree).toBeNull();
  });

  it('blames the brace that closed a block early when a `{` is missing', () => {
    const src = 'workload w {\n  network\n    publish 1 -> 2\n  }\n}\n';
    const r = parse(src);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0105']);
    expect(r.diagnostics[0]!.span!.file.position(r.diagnostics[0]!.span!.start)).toEqual({ line: 4, column: 3 });
  });

  it('reports a value where a statement must start', () => {
    const r = parse('workload w {\n  "image" "x"\n}');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0106']);
  });

  it('reports unterminated strings and invalid escapes', () => {
    expect(parse('workload w {\n image "x\n}').diagnostics.map((d) => d.code)).toEqual(['E0102']);
    expect(parse('workload w {\n image "a\\qb"\n}').diagnostics.map((d) => d.code)).toEqual(['E0103']);
  });
});
