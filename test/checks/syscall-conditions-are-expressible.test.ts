import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('syscall-conditions-are-expressible', () => {
  it('refuses an exception that needs two comparisons of one 64-bit argument in a rule', () => {
    const text = workload('  syscalls {\n    allow mmap\n    deny mmap if arg2 in [1, 2]\n  }');
    expect(codesOf(text)).toEqual(['E0415@5:5']);
    expect(compileText(text).diagnostics[0]!.message).toBe('the rules for `mmap` cannot be expressed in one seccomp filter: arg2 is a 64-bit argument: seccomp cannot test that it differs from several values in one rule');
  });
  it('accepts the same exception on a 32-bit argument, where it is tested bit by bit', () => {
    expect(codesOf(workload('  network { protocols tcp, udp }\n  syscalls {\n    allow socket\n    deny socket if arg0 in [AF_INET6, AF_UNIX]\n  }'))).toEqual([]);
  });
  it('says nothing while a value is still unknown (the constant check reports it)', () => {
    expect(codesOf(workload('  syscalls {\n    allow mmap\n    deny mmap if arg2 in [NOPE, 2]\n  }'))).toEqual(['E0305@5:27']);
  });
});
