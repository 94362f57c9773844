import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('syscall-conditions-fit-their-arguments', () => {
  it('refuses a value with bits past the 32 the kernel reads of ioctl\'s request, and names the low bits', () => {
    const r = compileText(workload('  syscalls { allow ioctl if arg1 == 0x100005412 }'));
    expect(r.diagnostics.map((d) => `${d.code} ${d.message} | ${d.help}`)).toEqual([
      'E0412 0x100005412 does not fit arg1 of `ioctl`, which the kernel reads as 32 bits | the kernel reads 0x5412 of it',
    ]);
    expect(codesOf(workload('  syscalls { allow ioctl if arg1 == 0x100005412 }'))).toEqual(['E0412@3:37']);
  });
  it('refuses a mask past the argument\'s width too', () => {
    expect(codesOf(workload('  syscalls { allow clone if arg0 & 0x100000000 == 0 }'))).toEqual(['E0412@3:36']);
  });
  it('refuses an argument the call does not have', () => {
    expect(codesOf(workload('  syscalls { allow ioctl if arg4 == 0 }'))).toEqual(['E0413@3:29']);
  });
  it('allows only width-proof comparisons on a call whose argument widths secpol does not know', () => {
    expect(codesOf(workload('  syscalls { allow mseal if arg2 != 0 }'))).toEqual(['E0414@3:29']);
    expect(codesOf(workload('  syscalls { allow mseal if arg2 == 0 }'))).toEqual([]);
  });
  it('accepts values that fit', () => {
    expect(codesOf(workload('  syscalls { allow ioctl if arg1 != TIOCSTI }'))).toEqual([]);
  });
});
