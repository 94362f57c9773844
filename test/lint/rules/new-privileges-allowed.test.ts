// SPL103 new-privileges-allowed: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL103 new-privileges-allowed", () => {
  it("reports at `no-new-privileges off`", () => {
    expect(findings("SPL103", workload("  no-new-privileges off"))).toEqual(["SPL103@3:21"]);
  });
  it("is quiet for the default", () => {
    expect(findings("SPL103", workload("  no-new-privileges on"))).toEqual([]);
  });
});
