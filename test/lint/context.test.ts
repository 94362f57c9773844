// What a lint rule sees: the IR and the regions of its origins, never the syntax tree (STYLE.md 14).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { lintContext, type LintContext } from '../../src/lint/context.js';
import { compileText, workload } from '../support/harness.js';

describe('the lint context', () => {
  it('has the IR and the ways to place its facts, and no syntax tree', () => {
    expectTypeOf<LintContext>().not.toHaveProperty('workload');
    const ctx = lintContext(compileText(workload('  user 1000:1000')));
    expect(Object.keys(ctx).sort()).toEqual(['allowing', 'at', 'defaultAllows', 'ir', 'setting']);
  });

  it('places a setting at its statement, a default at the workload, and a preset statement at its `extends` line', () => {
    const ctx = lintContext(compileText(`extends preset web-server\n${workload('  user 1000:1000')}`));
    expect(ctx.setting('user')).toMatchObject({ line: 4, column: 8, endLine: 4, endColumn: 17, inPreset: null });
    expect(ctx.setting('limits.pids')).toMatchObject({ line: 2, column: 10, inPreset: null });
    const protocols = ctx.setting('protocols', 'tcp');
    expect(protocols).toMatchObject({ line: 1, column: 16, endColumn: 26, inPreset: '<preset:web-server>:2:23' });
  });
});
