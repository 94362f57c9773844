import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('dangerous-capabilities', () => {
  it('warns for SYS_ADMIN, SYS_PTRACE, NET_ADMIN, SYS_MODULE and DAC_READ_SEARCH at each name', () => {
    expect(codesOf(workload('  user root\n  capabilities {\n    add SYS_ADMIN, SYS_PTRACE, NET_ADMIN, DAC_READ_SEARCH\n  }\n  syscalls { allow ptrace }'), {}, ['W0101'])).toEqual(['W0101@5:9', 'W0101@5:20', 'W0101@5:32', 'W0101@5:43']);
    expect(codesOf(workload('  user root\n  capabilities { add SYS_MODULE }\n  syscalls { allow finit_module }'), {}, ['W0101'])).toEqual(['W0101@4:22']);
  });
  it('still builds: a warning is not an error', () => {
    expect(compileText(workload('  user root\n  capabilities { add NET_ADMIN }')).ir).not.toBeNull();
  });
});
