// SPL301 docker-socket-mount: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';
import { ENGINE_SOCKETS, SENSITIVE_HOST_TREES } from '../../../src/compiler/data/host-paths.js';

const bind = (source: string): string => workload(`  filesystem {\n    bind "${source}" -> /mnt/x\n  }`);

describe("SPL301 docker-socket-mount", () => {
  it("reports at the socket path, even read-only", () => {
    expect(findings("SPL301", workload("  filesystem { bind \"/var/run/docker.sock\" -> /var/run/docker.sock readonly }"))).toEqual(["SPL301@3:21"]);
  });
  it("is quiet for a data directory", () => {
    expect(findings("SPL301", workload("  filesystem { bind \"/srv/data\" -> /data }"))).toEqual([]);
  });
  it("reports the socket beside binds of / and /etc (W0104's case)", () => {
    expect(findings("SPL301", workload("  filesystem {\n    bind \"/var/run/docker.sock\" -> /var/run/docker.sock\n    bind \"/\" -> /host\n    bind \"/etc\" -> /host-etc\n  }"))).toEqual(["SPL301@4:10"]);
  });
  it("reports every engine socket of the shared list, the CRI-O socket too", () => {
    for (const p of ENGINE_SOCKETS) expect(findings("SPL301", bind(p)), p).toEqual(["SPL301@4:10"]);
  });
  it("is quiet for the host trees and lookalike paths", () => {
    for (const p of [...SENSITIVE_HOST_TREES, "/", "/srv/data", "/usr-local", "/etcetera", "/var/lib/app"]) expect(findings("SPL301", bind(p)), p).toEqual([]);
  });
});
