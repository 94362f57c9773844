// SPL506 userfaultfd-allowed: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL506 userfaultfd-allowed", () => {
  it("reports at the allow", () => {
    expect(findings("SPL506", workload("  syscalls { allow userfaultfd }"))).toEqual(["SPL506@3:14"]);
  });
  it("is quiet for denied", () => {
    expect(findings("SPL506", workload("  syscalls { deny userfaultfd with kill }"))).toEqual([]);
  });
});
