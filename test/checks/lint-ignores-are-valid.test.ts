import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('lint-ignores-are-valid', () => {
  it('accepts a known rule, by id or name, with a reason', () => {
    expect(codesOf(workload('  lint {\n    ignore SPL102 "reason"\n    ignore dangerous-capability SYS_ADMIN "reason"\n  }'))).toEqual([]);
  });
  it('reports a suppression without a reason at the rule id, and an empty reason at the string', () => {
    expect(codesOf(workload('  lint {\n    ignore SPL102\n    ignore SPL101 SYS_ADMIN\n    ignore SPL103 "  "\n  }'))).toEqual(['E0211@4:12', 'E0211@5:12', 'E0211@6:19']);
  });
  it('reports an unknown rule with "did you mean", by id or by name', () => {
    const r = compileText(workload('  lint {\n    ignore SPL1O2 "reason"\n    ignore root-usr "reason"\n    ignore SPL999 "reason"\n  }'));
    expect(r.diagnostics.map((d) => [d.code, d.span!.file.position(d.span!.start).line, d.help])).toEqual([
      ['E0309', 4, 'did you mean `SPL102`?'],
      ['E0309', 5, 'did you mean `root-user`?'],
      ['E0309', 6, 'rule ids look like SPL101; `docs/lint.md` lists them'],
    ]);
    expect(r.ir).toBeNull();
  });
  it('reports a suppression written twice in one file', () => {
    expect(codesOf(workload('  lint {\n    ignore SPL102 "a"\n    ignore root-user "b"\n  }'))).toEqual(['E0401@5:12']);
  });
  it('reports a malformed `ignore` and an unknown statement in `lint`', () => {
    expect(codesOf(workload('  lint {\n    ignore "reason"\n    allow SPL102 "reason"\n  }'))).toEqual(['E0202@4:12', 'E0201@5:5']);
  });
});
