// SPL504 ptrace-allowed: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL504 ptrace-allowed", () => {
  it("reports for each of ptrace and process_vm_readv", () => {
    expect(findings("SPL504", workload("  syscalls { allow ptrace, process_vm_readv }"))).toEqual(["SPL504@3:14", "SPL504@3:14"]);
  });
  it("is quiet for denied", () => {
    expect(findings("SPL504", workload("  syscalls { deny ptrace with kill }"))).toEqual([]);
  });
  it("is quiet for not mentioned", () => {
    expect(findings("SPL504", workload("  syscalls { allow @process }"))).toEqual([]);
  });
});
