// SPL701 secret-in-environment: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL701 secret-in-environment", () => {
  it("reports at the variable name", () => {
    expect(findings("SPL701", workload("  env DB_PASSWORD = \"hunter2\"\n  env API_TOKEN = \"abc\""))).toEqual(["SPL701@3:7", "SPL701@4:7"]);
  });
  it("is quiet for a path to a secret file", () => {
    expect(findings("SPL701", workload("  env DB_PASSWORD_FILE = \"/run/secrets/db\"\n  env LANG = \"C.UTF-8\""))).toEqual([]);
  });
});
