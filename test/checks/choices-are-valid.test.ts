import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('choices-are-valid', () => {
  it('reports an unknown namespace mode with a suggestion', () => {
    const r = compileText(workload('  namespaces {\n    pid privat\n  }'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0210']);
    expect(r.diagnostics[0]!.suggestion).toBe('private');
  });
  it('reports an unknown protocol at its word', () => {
    expect(codesOf(workload('  network { protocols tcp, sctp }'))).toEqual(['E0210@3:28']);
  });
});
