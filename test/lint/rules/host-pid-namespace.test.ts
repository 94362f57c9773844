// SPL202 host-pid-namespace: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL202 host-pid-namespace", () => {
  it("reports at `pid host`", () => {
    expect(findings("SPL202", workload("  namespaces { pid host }"))).toEqual(["SPL202@3:20"]);
  });
  it("is quiet for a private PID namespace", () => {
    expect(findings("SPL202", workload("  namespaces { pid private }"))).toEqual([]);
  });
  it("reports at `pid host` beside host network and IPC namespaces (W0102's case)", () => {
    expect(findings("SPL202", workload("  network { mode host }\n  namespaces {\n    pid host\n    ipc host\n  }"))).toEqual(["SPL202@5:9"]);
  });
});
