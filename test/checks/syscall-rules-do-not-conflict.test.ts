import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('syscall-rules-do-not-conflict', () => {
  it('reports a syscall both allowed and denied in one file', () => {
    expect(codesOf(workload('  syscalls {\n    allow read, ptrace\n    deny ptrace\n  }'))).toEqual(['E0402@5:10']);
  });
  it('lets a conditional deny beside an allow stand: it is an exception ("allowed, except when")', () => {
    expect(codesOf(workload('  network { protocols tcp, packet }\n  syscalls {\n    allow socket\n    deny socket if arg0 == AF_PACKET\n  }'))).toEqual([]);
    expect(codesOf(workload('  syscalls {\n    allow ioctl if arg1 == TCGETS\n    deny ioctl\n  }'))).toEqual(['E0402@5:10']);
  });
  it('reports a syscall allowed twice', () => {
    expect(codesOf(workload('  syscalls {\n    allow read\n    allow write, read\n  }'))).toEqual(['E0401@5:18']);
  });
  it('reports two comparisons of one argument in a rule', () => {
    expect(codesOf(workload('  syscalls { allow ioctl if arg1 >= 1 and arg1 <= 5 }'))).toEqual(['E0406@3:43']);
  });
  it('lets several conditional rules for one syscall stand (they OR)', () => {
    expect(codesOf(workload('  network { protocols tcp, unix }\n  syscalls {\n    allow socket if arg0 == AF_INET\n    allow socket if arg0 == AF_UNIX\n  }'))).toEqual([]);
  });
  it('lets a name override a group in the same file, and a child override its base', () => {
    expect(codesOf(workload('  syscalls {\n    allow @file-io\n    deny read\n  }'))).toEqual([]);
    const base = 'workload b {\n  image "a"\n  syscalls { allow ptrace }\n}\n';
    expect(codesOf('extends "b.secpol"\nworkload app {\n  syscalls { deny ptrace }\n}\n', { 'b.secpol': base })).toEqual([]);
  });
});
