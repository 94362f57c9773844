// SPL503 personality-unrestricted: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL503 personality-unrestricted", () => {
  it("reports at an unconditional allow", () => {
    expect(findings("SPL503", workload("  syscalls { allow personality }"))).toEqual(["SPL503@3:14"]);
  });
  it("is quiet for a safe persona", () => {
    expect(findings("SPL503", workload("  syscalls { allow personality if arg0 == 0 }"))).toEqual([]);
  });
  it("is quiet for Docker's personas", () => {
    expect(findings("SPL503", workload("  syscalls { allow personality if arg0 in [0, 8, 0x20000, 0x20008, 0xffffffff] }"))).toEqual([]);
  });
});
