// SPL601 raw-sockets: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL601 raw-sockets", () => {
  it("reports at `protocols raw` with NET_RAW", () => {
    expect(findings("SPL601", workload("  user root\n  capabilities { add NET_RAW }\n  network { protocols raw }"))).toEqual(["SPL601@5:23"]);
  });
  it("is quiet for NET_RAW without raw sockets", () => {
    expect(findings("SPL601", workload("  user root\n  capabilities { add NET_RAW }\n  network { protocols tcp }"))).toEqual([]);
  });
  it("is quiet for raw sockets without NET_RAW (SPL602 says it)", () => {
    expect(findings("SPL601", workload("  network { protocols raw }"))).toEqual([]);
  });
});
