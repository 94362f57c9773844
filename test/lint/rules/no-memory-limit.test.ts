// SPL401 no-memory-limit: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL401 no-memory-limit", () => {
  it("reports at `memory unlimited`", () => {
    expect(findings("SPL401", workload("  limits { memory unlimited }"))).toEqual(["SPL401@3:19"]);
  });
  it("is quiet for the default limit", () => {
    expect(findings("SPL401", workload(""))).toEqual([]);
  });
  it("reports at `memory unlimited` beside `pids unlimited` (W0105's case)", () => {
    expect(findings("SPL401", workload("  limits { memory unlimited pids unlimited }"))).toEqual(["SPL401@3:19"]);
  });
});
