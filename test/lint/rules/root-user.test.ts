// SPL102 root-user: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL102 root-user", () => {
  it("reports at the `user root` value", () => {
    expect(findings("SPL102", workload("  user root"))).toEqual(["SPL102@3:8"]);
  });
  it("is quiet for a numeric user", () => {
    expect(findings("SPL102", workload("  user 1000:1000"))).toEqual([]);
  });
  it("is quiet for the default user", () => {
    expect(findings("SPL102", workload(""))).toEqual([]);
  });
});
