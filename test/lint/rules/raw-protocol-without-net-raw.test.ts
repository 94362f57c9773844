// SPL602 raw-protocol-without-net-raw: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL602 raw-protocol-without-net-raw", () => {
  it("reports at `protocols raw` and `packet` without NET_RAW", () => {
    expect(findings("SPL602", workload("  network { protocols raw, packet }"))).toEqual(["SPL602@3:23", "SPL602@3:28"]);
  });
  it("is quiet for with NET_RAW", () => {
    expect(findings("SPL602", workload("  user root\n  capabilities { add NET_RAW }\n  network { protocols raw }"))).toEqual([]);
  });
});
