// SPL304 writable-root: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL304 writable-root", () => {
  it("reports at `root writable`", () => {
    expect(findings("SPL304", workload("  filesystem { root writable }"))).toEqual(["SPL304@3:21"]);
  });
  it("is quiet for a read-only root, said or not", () => {
    expect(findings("SPL304", workload("  filesystem { root readonly }"))).toEqual([]);
  });
});
