// SPL203 host-ipc-namespace: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL203 host-ipc-namespace", () => {
  it("reports at `ipc host`", () => {
    expect(findings("SPL203", workload("  namespaces { ipc host }"))).toEqual(["SPL203@3:20"]);
  });
  it("is quiet for a shareable IPC namespace", () => {
    expect(findings("SPL203", workload("  namespaces { ipc shareable }"))).toEqual([]);
  });
  it("reports at `ipc host` beside host network and PID namespaces (W0102's case)", () => {
    expect(findings("SPL203", workload("  network { mode host }\n  namespaces {\n    pid host\n    ipc host\n  }"))).toEqual(["SPL203@6:9"]);
  });
});
