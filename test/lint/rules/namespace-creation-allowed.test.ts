// SPL508 namespace-creation-allowed: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL508 namespace-creation-allowed", () => {
  it("reports for unshare, setns and an unrestricted clone", () => {
    expect(findings("SPL508", workload("  syscalls {\n    allow unshare, setns\n    allow clone unrestricted\n  }"))).toEqual(["SPL508@4:5", "SPL508@4:5", "SPL508@5:5"]);
  });
  it("is quiet for clone by name, which secpol restricts like the group's", () => {
    expect(findings("SPL508", workload("  syscalls { allow clone }"))).toEqual([]);
  });
  it("is quiet for clone from @process, without namespace flags", () => {
    expect(findings("SPL508", workload("  syscalls { allow @process }"))).toEqual([]);
  });
  it("is quiet for clone with a flag condition", () => {
    expect(findings("SPL508", workload("  syscalls { allow clone if arg0 & 0x7e020000 == 0 }"))).toEqual([]);
  });
});
