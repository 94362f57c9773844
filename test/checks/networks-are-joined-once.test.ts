import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('networks-are-joined-once', () => {
  it('reports every repeated join, pointing at the first', () => {
    const text = workload('  network {\n    join backend\n    join frontend\n    join backend\n    join backend internal\n  }');
    expect(codesOf(text)).toEqual(['E0401@6:10', 'E0401@7:10']);
    const [same, differs] = compileText(text).diagnostics;
    expect(same!.labels[0]!.message).toBe('first joined here');
    expect(same!.help).toBe('remove the repeated `join`');
    expect(differs!.help).toContain('internal for every member or for none');
  });
  it('accepts distinct networks', () => {
    expect(codesOf(workload('  network {\n    join a\n    join b internal\n  }'))).toEqual([]);
  });
});
