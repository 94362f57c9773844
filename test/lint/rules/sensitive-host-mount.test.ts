// SPL303 sensitive-host-mount: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';
import { ENGINE_SOCKETS, SENSITIVE_HOST_TREES } from '../../../src/compiler/data/host-paths.js';

const bind = (source: string): string => workload(`  filesystem {\n    bind "${source}" -> /mnt/x\n  }`);

describe("SPL303 sensitive-host-mount", () => {
  it("reports at /etc and below /proc", () => {
    expect(findings("SPL303", workload("  filesystem {\n    bind \"/etc\" -> /host-etc\n    bind \"/proc/sys\" -> /host-sys\n  }"))).toEqual(["SPL303@4:10", "SPL303@5:10"]);
  });
  it("is quiet for a lookalike path", () => {
    expect(findings("SPL303", workload("  filesystem { bind \"/srv/etc\" -> /host-etc }"))).toEqual([]);
  });
  it("reports /etc beside binds of the Docker socket and / (W0104's case)", () => {
    expect(findings("SPL303", workload("  filesystem {\n    bind \"/var/run/docker.sock\" -> /var/run/docker.sock\n    bind \"/\" -> /host\n    bind \"/etc\" -> /host-etc\n  }"))).toEqual(["SPL303@6:10"]);
  });
  it("reports /usr, the engines' state and paths under a tree, with or without a trailing slash", () => {
    for (const p of ["/usr", "/var/lib/docker", "/usr/lib/x", "/etc/ssl/certs/"]) expect(findings("SPL303", bind(p)), p).toEqual(["SPL303@4:10"]);
  });
  it("reports every tree of the shared list", () => {
    for (const p of SENSITIVE_HOST_TREES) expect(findings("SPL303", bind(p)), p).toEqual(["SPL303@4:10"]);
  });
  it("is quiet for paths that only look like a tree", () => {
    for (const p of ["/srv/data", "/usr-local", "/etcetera", "/var/lib/app"]) expect(findings("SPL303", bind(p)), p).toEqual([]);
  });
});
