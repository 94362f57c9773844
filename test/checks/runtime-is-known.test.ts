import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('runtime-is-known', () => {
  it('accepts the four runtimes', () => {
    for (const r of ['runc', 'crun', 'runsc', 'kata']) expect(codesOf(workload(`  runtime ${r}`))).toEqual([]);
  });
  it('reports an unknown runtime at its word, with a suggestion', () => {
    const r = compileText(workload('  runtime rnsc'));
    expect(r.diagnostics.map((d) => `${d.code}@${d.span!.file.position(d.span!.start).line}:${d.span!.file.position(d.span!.start).column}`)).toEqual(['E0210@3:11']);
    expect(r.diagnostics[0]!.suggestion).toBe('runsc');
  });
  it('names secpol\'s word for a runtime\'s other names', () => {
    const r = compileText(workload('  runtime gvisor'));
    expect(r.diagnostics[0]!.suggestion).toBe('runsc');
    expect(r.diagnostics[0]!.help).toMatch(/`runsc`/);
    expect(compileText(workload('  runtime kata-runtime')).diagnostics[0]!.suggestion).toBe('kata');
  });
  it('refuses a second runtime statement', () => {
    expect(codesOf(workload('  runtime runc\n  runtime crun'))).toEqual(['E0203@4:3']);
  });
});
