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
  it("reports at each name, as W0101 did: SYS_ADMIN, SYS_PTRACE, NET_ADMIN, DAC_READ_SEARCH and SYS_MODULE", () => {
    expect(findings("SPL101", workload("  user root\n  capabilities {\n    add SYS_ADMIN, SYS_PTRACE, NET_ADMIN, DAC_READ_SEARCH\n  }\n  syscalls { allow ptrace }"))).toEqual(["SPL101@5:9", "SPL101@5:20", "SPL101@5:32", "SPL101@5:43"]);
    expect(findings("SPL101", workload("  user root\n  capabilities { add SYS_MODULE }\n  syscalls { allow finit_module }"))).toEqual(["SPL101@4:22"]);
  });
  it("reports every `add` that grants it, in a base and in the policy that extends it", () => {
    const base = "workload base {\n  user root\n  capabilities { add NET_ADMIN }\n}\n";
    expect(findings("SPL101", `extends "base.secpol"\n${workload("  capabilities { add net_admin }")}`, { "base.secpol": base })).toEqual(["SPL101@3:22", "SPL101@4:22"]);
  });
});
