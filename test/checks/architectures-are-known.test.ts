import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('architectures-are-known', () => {
  it('reports an unknown architecture and maps Go names', () => {
    const r = compileText(workload('  arch x86_64, arm64'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0307']);
    expect(r.diagnostics[0]!.suggestion).toBe('aarch64');
  });
  it('reports a repeated architecture', () => {
    expect(codesOf(workload('  arch x86_64, x86_64'))).toEqual(['E0401@3:16']);
  });
  it('accepts the known ones', () => {
    expect(codesOf(workload('  arch x86_64, x86, aarch64, arm'))).toEqual([]);
  });
});
