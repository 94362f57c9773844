// SPL603 port-on-all-interfaces: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL603 port-on-all-interfaces", () => {
  it("reports at the publish without an address", () => {
    expect(findings("SPL603", workload("  network { publish 8080 -> 80 }"))).toEqual(["SPL603@3:13"]);
  });
  it("is quiet for an address", () => {
    expect(findings("SPL603", workload("  network { publish 127.0.0.1:8080 -> 80 }"))).toEqual([]);
  });
});
