import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('paths-are-absolute', () => {
  it('reports relative paths in every place a path goes', () => {
    expect(codesOf(workload('  workdir app\n  filesystem {\n    tmpfs tmp\n    read etc/**\n    bind "data" -> /data\n  }'))).toEqual(['E0501@3:11', 'E0501@5:11', 'E0501@6:10', 'E0501@7:10']);
  });
  it('proposes the absolute form', () => {
    expect(compileText(workload('  filesystem { tmpfs ./tmp }')).diagnostics[0]!.help).toBe('write it from the root: `/tmp`');
  });
});
