import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('constants-are-known', () => {
  it('reports an unknown constant with a suggestion', () => {
    const r = compileText(workload('  network { protocols tcp }\n  syscalls { allow socket if arg0 in [AF_INET, AF_INTE6] }'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0305']);
    expect(r.diagnostics[0]!.suggestion).toBe('AF_INET6');
  });
  it('reports an unknown errno in the default and in a rule', () => {
    expect(codesOf(workload('  syscalls {\n    default errno EPREM\n    deny ptrace with errno EWHAT\n  }'))).toEqual(['E0306@4:19', 'E0306@5:28']);
  });
  it('accepts numbers and known names', () => {
    expect(codesOf(workload('  syscalls {\n    default errno 13\n    allow clone if arg0 & CLONE_NEWUSER == 0\n    deny ptrace with errno EACCES\n  }'))).toEqual([]);
  });
});
