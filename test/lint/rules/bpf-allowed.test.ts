// SPL505 bpf-allowed: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL505 bpf-allowed", () => {
  it("reports at the allow", () => {
    expect(findings("SPL505", workload("  syscalls { allow bpf }"))).toEqual(["SPL505@3:14"]);
  });
  it("is quiet for denied", () => {
    expect(findings("SPL505", workload("  syscalls { deny bpf }"))).toEqual([]);
  });
});
