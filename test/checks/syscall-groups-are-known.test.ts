import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('syscall-groups-are-known', () => {
  it('reports an unknown group with a suggestion', () => {
    const r = compileText(workload('  syscalls { allow @file-ios }'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0304']);
    expect(r.diagnostics[0]!.suggestion).toBe('@file-io');
    expect(codesOf(workload('  syscalls { allow read, @nope }'))).toEqual(['E0304@3:26']);
  });
});
