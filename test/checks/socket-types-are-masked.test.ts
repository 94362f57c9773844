import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

const net = '  network { protocols tcp, udp }\n';

describe('socket-types-are-masked', () => {
  it('warns that `arg1 == SOCK_STREAM` misses callers that add SOCK_CLOEXEC, with the masked form', () => {
    const text = workload(`${net}  syscalls { allow socket if arg1 == SOCK_STREAM }`);
    expect(codesOf(text)).toEqual(['W0115@4:30']);
    expect(compileText(text).diagnostics[0]!.help).toBe('write `arg1 & SOCK_TYPE_MASK == SOCK_STREAM`');
  });
  it('warns for a list of bare types too', () => {
    expect(codesOf(workload(`${net}  syscalls { allow socket if arg1 in [SOCK_STREAM, SOCK_DGRAM] }`))).toEqual(['W0115@4:30']);
  });
  it('is quiet for the masked form and for a value that spells its flags', () => {
    expect(codesOf(workload(`${net}  syscalls { allow socket if arg1 & SOCK_TYPE_MASK == SOCK_STREAM }`))).toEqual([]);
    expect(codesOf(workload(`${net}  syscalls { allow socket if arg1 == SOCK_STREAM | SOCK_CLOEXEC }`))).toEqual([]);
  });
});
