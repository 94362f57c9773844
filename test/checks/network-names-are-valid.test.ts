import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('network-names-are-valid', () => {
  it('accepts plain names', () => {
    expect(codesOf(workload('  network {\n    join backend internal\n    join front_end.v2\n  }'))).toEqual([]);
  });
  it('reports a name that is not plain, with the nearest plain one', () => {
    expect(codesOf(workload('  network {\n    join "Back End" internal\n  }'))).toEqual(['E0206@4:10']);
    const d = compileText(workload('  network {\n    join "Back End" internal\n  }')).diagnostics[0]!;
    expect(d.suggestion).toBe('back-end');
    expect(d.help).toContain('did you mean `back-end`?');
  });
  it('keeps shell and YAML syntax out of a network name', () => {
    expect(codesOf(workload('  network {\n    join "a;rm -rf /"\n    join "x: {y: 1}"\n  }'))).toEqual(['E0206@4:10', 'E0206@5:10']);
  });
  it('reports the engine\'s own modes joined as networks', () => {
    expect(codesOf(workload('  network {\n    join bridge\n    join host internal\n    join none\n    join default\n  }'))).toEqual(['E0399@4:10', 'E0399@5:10', 'E0399@6:10', 'E0399@7:10']);
    expect(compileText(workload('  network {\n    join bridge\n  }')).diagnostics[0]!.help).toBe('write `mode bridge` instead of joining it');
  });
  it('reports an unknown option of `join` while decoding, with a suggestion', () => {
    const r = compileText(workload('  network {\n    join backend internl\n  }'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0210']);
    expect(r.diagnostics[0]!.suggestion).toBe('internal');
    expect(codesOf(workload('  network {\n    join\n  }'))).toEqual(['E0202@4:5']);
  });
});
