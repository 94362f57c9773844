import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('sockets-follow-protocols', () => {
  it('warns for a family the rule allows and no protocol grants, at the value', () => {
    const text = workload('  network { protocols tcp }\n  syscalls { allow socket if arg0 in [AF_INET, AF_UNIX] }');
    expect(codesOf(text)).toEqual(['W0117@4:48']);
    expect(compileText(text).diagnostics[0]!.help).toBe('add `unix` to `protocols`');
  });
  it('warns when socket is allowed and the policy declares no protocol at all', () => {
    expect(codesOf(workload('  syscalls { allow socket }'))).toEqual(['W0117@3:20']);
  });
  it('is quiet when the protocols grant what the rule allows', () => {
    expect(codesOf(workload('  network { protocols tcp, unix }\n  syscalls { allow socket if arg0 in [AF_INET, AF_UNIX] }'))).toEqual([]);
  });
});
