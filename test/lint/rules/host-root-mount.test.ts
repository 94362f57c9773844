// SPL302 host-root-mount: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL302 host-root-mount", () => {
  it("reports at the host `/`", () => {
    expect(findings("SPL302", workload("  filesystem { bind \"/\" -> /host }"))).toEqual(["SPL302@3:21"]);
  });
  it("is quiet for a subdirectory", () => {
    expect(findings("SPL302", workload("  filesystem { bind \"/srv\" -> /host }"))).toEqual([]);
  });
  it("reports the host `/` beside binds of the Docker socket and /etc (W0104's case)", () => {
    expect(findings("SPL302", workload("  filesystem {\n    bind \"/var/run/docker.sock\" -> /var/run/docker.sock\n    bind \"/\" -> /host\n    bind \"/etc\" -> /host-etc\n  }"))).toEqual(["SPL302@5:10"]);
  });
});
