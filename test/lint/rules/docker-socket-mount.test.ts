// SPL301 docker-socket-mount: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe("SPL301 docker-socket-mount", () => {
  it("reports at the socket path, even read-only", () => {
    expect(findings("SPL301", workload("  filesystem { bind \"/var/run/docker.sock\" -> /var/run/docker.sock readonly }"))).toEqual(["SPL301@3:21"]);
  });
  it("is quiet for a data directory", () => {
    expect(findings("SPL301", workload("  filesystem { bind \"/srv/data\" -> /data }"))).toEqual([]);
  });
});
