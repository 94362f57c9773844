// SPL205 host-cgroup-namespace: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL205 host-cgroup-namespace", () => {
  it("reports at `cgroup host`", () => {
    expect(findings("SPL205", workload("  namespaces { cgroup host }"))).toEqual(["SPL205@3:23"]);
  });
  it("is quiet for the default", () => {
    expect(findings("SPL205", workload(""))).toEqual([]);
  });
});
