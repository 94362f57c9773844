import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('ulimits-are-known', () => {
  it('reports an unknown ulimit given with the ulimit keyword', () => {
    const r = compileText(workload('  limits { ulimit nofiles 10 }'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0602']);
    expect(r.diagnostics[0]!.suggestion).toBe('nofile');
    expect(codesOf(workload('  limits { ulimit nofiles 10 }'))).toEqual(['E0602@3:19']);
  });
  it('reports a ulimit set twice in one file', () => {
    expect(codesOf(workload('  limits {\n    nofile 10\n    ulimit nofile 20\n  }'))).toEqual(['E0401@5:12']);
  });
});
