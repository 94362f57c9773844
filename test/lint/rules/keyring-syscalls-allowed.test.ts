// SPL507 keyring-syscalls-allowed: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL507 keyring-syscalls-allowed", () => {
  it("reports for keyctl and add_key", () => {
    expect(findings("SPL507", workload("  syscalls { allow keyctl, add_key }"))).toEqual(["SPL507@3:14", "SPL507@3:14"]);
  });
  it("is quiet for denied", () => {
    expect(findings("SPL507", workload("  syscalls { deny keyctl, add_key, request_key }"))).toEqual([]);
  });
});
