// SPL502 syscalls-beyond-capabilities: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL502 syscalls-beyond-capabilities", () => {
  it("reports at a group whose syscalls need missing capabilities", () => {
    expect(findings("SPL502", workload("  syscalls { allow @set-identity }"))).toEqual(["SPL502@3:14"]);
  });
  it("reports at a syscall allowed by name", () => {
    expect(findings("SPL502", workload("  syscalls {\n    allow @file-io\n    allow mount\n  }"))).toEqual(["SPL502@5:5"]);
  });
  it("is quiet for with the capabilities", () => {
    expect(findings("SPL502", workload("  user root\n  capabilities { add SETUID, SETGID }\n  syscalls { allow @set-identity }"))).toEqual([]);
  });
  it("is quiet for groups that need no capability", () => {
    expect(findings("SPL502", workload("  syscalls { allow @file-io, @process, @identity }"))).toEqual([]);
  });
});
