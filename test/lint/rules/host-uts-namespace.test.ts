// SPL204 host-uts-namespace: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL204 host-uts-namespace", () => {
  it("reports at `uts host`", () => {
    expect(findings("SPL204", workload("  namespaces { uts host }"))).toEqual(["SPL204@3:20"]);
  });
  it("is quiet for a private UTS namespace with a hostname", () => {
    expect(findings("SPL204", workload("  hostname app\n  namespaces { uts private }"))).toEqual([]);
  });
});
