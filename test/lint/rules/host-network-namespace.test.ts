// SPL201 host-network-namespace: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL201 host-network-namespace", () => {
  it("reports at `mode host`", () => {
    expect(findings("SPL201", workload("  network { mode host }"))).toEqual(["SPL201@3:18"]);
  });
  it("is quiet for a bridge network", () => {
    expect(findings("SPL201", workload("  network { mode bridge }"))).toEqual([]);
  });
  it("is quiet for no network", () => {
    expect(findings("SPL201", workload("  network none"))).toEqual([]);
  });
  it("reports at `mode host` beside host PID and IPC namespaces (W0102's case)", () => {
    expect(findings("SPL201", workload("  network { mode host }\n  namespaces {\n    pid host\n    ipc host\n  }"))).toEqual(["SPL201@3:18"]);
  });
});
