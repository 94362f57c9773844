// SPL510 compat-architectures: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL510 compat-architectures", () => {
  it("reports at the 32-bit companion", () => {
    expect(findings("SPL510", workload("  arch x86_64, x86"))).toEqual(["SPL510@3:16"]);
  });
  it("is quiet for 64-bit only", () => {
    expect(findings("SPL510", workload("  arch x86_64, aarch64"))).toEqual([]);
  });
});
