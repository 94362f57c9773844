// SPL402 no-pids-limit: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL402 no-pids-limit", () => {
  it("reports at `pids unlimited`", () => {
    expect(findings("SPL402", workload("  limits { pids unlimited }"))).toEqual(["SPL402@3:17"]);
  });
  it("is quiet for a limit", () => {
    expect(findings("SPL402", workload("  limits { pids 64 }"))).toEqual([]);
  });
  it("reports at `pids unlimited` beside `memory unlimited` (W0105's case)", () => {
    expect(findings("SPL402", workload("  limits { memory unlimited pids unlimited }"))).toEqual(["SPL402@3:34"]);
  });
});
