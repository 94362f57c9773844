// SPL101 dangerous-capability: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';
import { DANGEROUS_CAPABILITIES } from '../../../src/compiler/data/dangerous-capabilities.js';
import { dangerousCapability } from '../../../src/lint/rules/dangerous-capability.js';

describe("SPL101 dangerous-capability", () => {
  it("reports at each dangerous capability granted", () => {
    expect(findings("SPL101", workload("  user root\n  capabilities { add SYS_ADMIN, NET_ADMIN, SETUID }\n  syscalls { allow @set-identity }"))).toEqual(["SPL101@4:22", "SPL101@4:33"]);
  });
  it("is quiet for a narrow capability", () => {
    expect(findings("SPL101", workload("  user root\n  capabilities { add CHOWN }\n  syscalls { allow @file-meta }"))).toEqual([]);
  });
  it("is quiet for no capability", () => {
    expect(findings("SPL101", workload(""))).toEqual([]);
  });
  it("names in its rationale every capability of the list it shares with W0101", () => {
    const named = [...new Set([...dangerousCapability.rationale.matchAll(/\b[A-Z][A-Z_]+[A-Z]\b/g)].map((m) => `CAP_${m[0]}`))].sort();
    expect(named).toEqual(Object.keys(DANGEROUS_CAPABILITIES).sort());
  });
});
