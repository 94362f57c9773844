// SPL509 io-uring-allowed: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL509 io-uring-allowed", () => {
  it("reports for each io_uring call", () => {
    expect(findings("SPL509", workload("  syscalls { allow io_uring_setup, io_uring_enter, io_uring_register }"))).toEqual(["SPL509@3:14", "SPL509@3:14", "SPL509@3:14"]);
  });
  it("is quiet for not allowed", () => {
    expect(findings("SPL509", workload("  syscalls { allow @events }"))).toEqual([]);
  });
});
