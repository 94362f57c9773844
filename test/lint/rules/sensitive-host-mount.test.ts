// SPL303 sensitive-host-mount: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL303 sensitive-host-mount", () => {
  it("reports at /etc and below /proc", () => {
    expect(findings("SPL303", workload("  filesystem {\n    bind \"/etc\" -> /host-etc\n    bind \"/proc/sys\" -> /host-sys\n  }"))).toEqual(["SPL303@4:10", "SPL303@5:10"]);
  });
  it("is quiet for a lookalike path", () => {
    expect(findings("SPL303", workload("  filesystem { bind \"/srv/etc\" -> /host-etc }"))).toEqual([]);
  });
});
