import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('syscalls-are-known', () => {
  it('reports a misspelled syscall with a suggestion', () => {
    const r = compileText(workload('  syscalls {\n    allow epoll_wiat\n  }'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0302']);
    expect(r.diagnostics[0]!.suggestion).toBe('epoll_wait');
    expect(codesOf(workload('  syscalls {\n    allow epoll_wiat\n  }'))).toEqual(['E0302@4:11']);
  });
  it('reports `open` allowed for aarch64, where it does not exist, and offers openat', () => {
    const r = compileText(workload('  syscalls {\n    allow read, open\n  }'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0303']);
    expect(r.diagnostics[0]!.message).toContain('aarch64');
    expect(r.diagnostics[0]!.help).toContain('openat');
  });
  it('accepts `open` when the policy targets x86_64 only', () => {
    expect(codesOf(workload('  arch x86_64\n  syscalls { allow open }'))).toEqual([]);
  });
  it('accepts denying a syscall that exists on only some targets', () => {
    expect(codesOf(workload('  syscalls { deny open }'))).toEqual([]);
  });
  it('names a capability written as a syscall', () => {
    expect(compileText(workload('  syscalls { allow NET_ADMIN }')).diagnostics[0]!.help).toContain('is a capability, not a syscall');
  });
});
