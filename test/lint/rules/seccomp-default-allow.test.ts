// SPL501 seccomp-default-allow: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL501 seccomp-default-allow", () => {
  it("reports at `default allow`", () => {
    expect(findings("SPL501", workload("  syscalls { default allow }"))).toEqual(["SPL501@3:22"]);
  });
  it("is quiet for an allow-list", () => {
    expect(findings("SPL501", workload("  syscalls { default errno EACCES }"))).toEqual([]);
  });
});
