// SPL306 executable-tmpfs: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL306 executable-tmpfs", () => {
  it("reports at a writable tmpfs with `exec`", () => {
    expect(findings("SPL306", workload("  filesystem { tmpfs /cache exec }"))).toEqual(["SPL306@3:16"]);
  });
  it("is quiet for a noexec tmpfs, and a read-only exec one", () => {
    expect(findings("SPL306", workload("  filesystem {\n    tmpfs /cache\n    tmpfs /opt exec readonly\n  }"))).toEqual([]);
  });
});
