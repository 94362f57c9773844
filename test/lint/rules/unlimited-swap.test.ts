// SPL404 unlimited-swap: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL404 unlimited-swap", () => {
  it("reports at `memory-swap unlimited`", () => {
    expect(findings("SPL404", workload("  limits { memory 512MiB  memory-swap unlimited }"))).toEqual(["SPL404@3:39"]);
  });
  it("reports at a swap larger than memory", () => {
    expect(findings("SPL404", workload("  limits {\n    memory 512MiB\n    memory-swap 1GiB\n  }"))).toEqual(["SPL404@5:17"]);
  });
  it("is quiet for no swap (the default)", () => {
    expect(findings("SPL404", workload("  limits { memory 512MiB }"))).toEqual([]);
  });
  it("is quiet for no memory limit (SPL401 says it)", () => {
    expect(findings("SPL404", workload("  limits { memory unlimited }"))).toEqual([]);
  });
  it("reports at `memory-swap unlimited` beside a memory limit (W0105's case)", () => {
    expect(findings("SPL404", workload("  limits { memory 256MiB memory-swap unlimited }"))).toEqual(["SPL404@3:38"]);
  });
  it("reports `memory-swap unlimited` written out even without a memory limit, as W0105 did", () => {
    expect(findings("SPL404", workload("  limits { memory unlimited memory-swap unlimited }"))).toEqual(["SPL404@3:41"]);
  });
  it("reports a bounded swap larger than memory, which W0105 did not", () => {
    expect(findings("SPL404", workload("  limits { memory 256MiB memory-swap 1GiB }"))).toEqual(["SPL404@3:38"]);
  });
});
