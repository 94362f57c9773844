// SPL305 writable-host-bind: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL305 writable-host-bind", () => {
  it("reports at a writable bind", () => {
    expect(findings("SPL305", workload("  filesystem { bind \"/srv/data\" -> /data writable }"))).toEqual(["SPL305@3:21"]);
  });
  it("is quiet for a read-only bind and a volume", () => {
    expect(findings("SPL305", workload("  filesystem {\n    bind \"/srv/data\" -> /data\n    volume cache -> /cache\n  }"))).toEqual([]);
  });
});
