// The language's schema (src/compiler/2-decode/schema.ts) is what the decoder reads: every statement
// of every block, written as its own example, decodes in that block with no "unknown statement"
// (E0201), no usage error (E0202), no block-rule error (E0205) and no internal error. So an entry
// whose reader does not read its own example fails here.
import { describe, expect, it } from 'vitest';
import { BLOCK_KEYWORDS, SCHEMA, statementSchema, type BlockName } from '../../src/compiler/2-decode/schema.js';
import { compileText } from '../support/harness.js';

const DECODING = new Set(['E0201', 'E0202', 'E0205', 'E0901']);

/** The first `…` snippet of an example, with a workload's `{ … }` filled in. */
const snippet = (example: string): string => /`([^`]+)`/.exec(example)![1]!.replace('{ … }', '{ image "busybox:1" }');

/** A policy that holds `statement` in `block`. */
function around(block: BlockName, statement: string): string {
  if (block === 'file') return statement.startsWith('workload') ? `${statement}\n` : `${statement}\nworkload x {\n  image "busybox:1"\n}\n`;
  if (block === 'workload') return `workload x {\n  image "busybox:1"\n  ${statement}\n}\n`;
  return `workload x {\n  image "busybox:1"\n  ${block} {\n    ${statement}\n  }\n}\n`;
}

describe('the statement schema', () => {
  const entries = (Object.keys(SCHEMA) as BlockName[]).flatMap((block) => BLOCK_KEYWORDS[block].map((keyword) => ({ block, keyword })));

  it('covers every block and statement the language has', () => {
    expect(Object.keys(SCHEMA)).toEqual(['file', 'workload', 'network', 'filesystem', 'capabilities', 'syscalls', 'namespaces', 'limits', 'lint', 'selinux']);
    expect(entries.length).toBeGreaterThanOrEqual(60);
  });

  it.each(entries)('$block: `$keyword` reads as its example', ({ block, keyword }) => {
    const example = snippet(statementSchema(block, keyword)!.example);
    expect(example.split(/\s/)[0]).toBe(keyword);
    const r = compileText(around(block, example), { 'base.secpol': 'workload base {\n}\n' });
    expect(r.diagnostics.filter((d) => DECODING.has(d.code)).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  });

  it('knows nothing it is not told: an inherited property name is no statement', () => {
    expect(statementSchema('workload', 'constructor')).toBeUndefined();
    expect(statementSchema('network', '__proto__')).toBeUndefined();
    expect(compileText(around('workload', 'constructor x')).diagnostics.map((d) => d.code)).toContain('E0201');
  });

  it('shows the example of the block the statement is in', () => {
    // `user` is a workload statement, a namespace and an SELinux part, each with its own form.
    const help = (text: string): (string | null)[] => compileText(text).diagnostics.filter((d) => d.code === 'E0202').map((d) => d.help);
    expect(help(around('workload', 'user'))).toEqual(['e.g. `user 101:101` or `user root`']);
    expect(help(around('namespaces', 'user'))).toEqual(['e.g. `user private`']);
    expect(help(around('selinux', 'user'))).toEqual(['e.g. `user system_u`']);
    expect(help(around('filesystem', 'deny'))).toEqual(['e.g. `deny /proc/*/mem`']);
    expect(help(around('syscalls', 'deny'))).toEqual(['e.g. `deny ptrace with kill`']);
  });
});
