import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINE_BIN,
  ENGINE_PATHS,
  PROBE_IN_GUEST,
  TEST_IMAGE,
  countProbe,
  engineVerdict,
  requireEngine,
  type EngineStatus,
} from '../support/engines.js';
import { formatProbeSummary, sumProbeLog } from '../support/probe-count.js';
import { describeRun, run } from '../support/run.js';

// The harness's own decisions, then one smoke test per engine route proving that what
// scripts/setup-engines.sh prepared really runs: the image, the probe, port publishing, runc.

describe('engineVerdict', () => {
  const missing: EngineStatus = { name: 'docker', available: false, detail: 'dockerd does not answer' };

  it('runs when the engine is there', () => {
    expect(engineVerdict({ ...missing, available: true, detail: 'dockerd 20.10' }, true).action).toBe('run');
  });

  it('skips loudly off CI, with the setup hint', () => {
    const verdict = engineVerdict(missing, false);
    expect(verdict.action).toBe('skip');
    expect(verdict.message).toBe(
      'secpol: end-to-end tests for docker SKIPPED: engine missing (dockerd does not answer); ' +
        'run `bash scripts/setup-engines.sh` as root to enable',
    );
  });

  it('fails under CI, never skips', () => {
    const verdict = engineVerdict(missing, true);
    expect(verdict.action).toBe('fail');
    expect(verdict.message).toMatch(/^secpol: end-to-end tests for docker FAILED: engine missing/);
  });
});

describe('probe counts', () => {
  it('sums per route, lists unexercised known routes as 0', () => {
    const totals = sumProbeLog('docker 2\nrunc 1\ndocker 3\n\ngarbage\nseccomp-x 1\n');
    expect(totals.get('docker')).toBe(5);
    expect(formatProbeSummary(totals)).toBe(
      'secpol: end-to-end probes this run: docker 5, compose 0 (not exercised), runc 1, podman 0 (not exercised), ' +
        'apparmor_parser 0 (not exercised), apparmor-vm 0 (not exercised), seccomp-x 1',
    );
  });
});

const docker = (args: string[], timeoutMs = 60_000) => run(ENGINE_BIN.docker, args, { timeoutMs });

describe.skipIf(requireEngine('docker').skip)('docker route: the test image', () => {
  it('runs busybox and the probe, with the users setup-engines.sh created', async () => {
    const result = await docker(['run', '--rm', '--network', 'none', '--user', '101:101', TEST_IMAGE, 'sh', '-c', `id; ${PROBE_IN_GUEST} socket unix stream`]);
    countProbe('docker');
    expect(result.code, describeRun('docker run', result)).toBe(0);
    expect(result.stdout).toBe('uid=101(app) gid=101(app) groups=101(app)\nok\n');
  });

  it('shows a dropped capability to the probe as EPERM', async () => {
    const script = `${PROBE_IN_GUEST} socket inet raw; ${PROBE_IN_GUEST} socket inet raw`;
    const kept = await docker(['run', '--rm', '--network', 'none', TEST_IMAGE, PROBE_IN_GUEST, 'socket', 'inet', 'raw']);
    const dropped = await docker(['run', '--rm', '--network', 'none', '--cap-drop', 'NET_RAW', TEST_IMAGE, 'sh', '-c', script]);
    countProbe('docker', 2);
    expect(kept.stdout, describeRun('docker run', kept)).toBe('ok\n');
    expect(dropped.stdout, describeRun('docker run --cap-drop NET_RAW', dropped)).toBe('errno=EPERM(1)\nerrno=EPERM(1)\n');
  });

  it('publishes a port on 127.0.0.1 that the host can reach', async () => {
    const started = await docker(['run', '-d', '--rm', '-p', '127.0.0.1::8080', TEST_IMAGE, 'sh', '-c',
      'mkdir -p /tmp/w && echo published > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w']);
    expect(started.code, describeRun('docker run -d', started)).toBe(0);
    const id = started.stdout.trim();
    try {
      const port = (await docker(['port', id, '8080/tcp'])).stdout.trim().split('\n')[0]!.replace(/.*:/, '');
      let body = '';
      for (let attempt = 0; attempt < 50 && body !== 'published\n'; attempt++) {
        body = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => '');
        if (body !== 'published\n') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      countProbe('docker');
      expect(body).toBe('published\n');
    } finally {
      await docker(['rm', '-f', id]);
    }
  });
});

describe.skipIf(requireEngine('compose').skip)('compose route', () => {
  let dir = '';
  const projectName = `secpol-selftest-${process.pid}`;
  const compose = (args: string[]) => run(ENGINE_BIN.dockerCompose, ['-p', projectName, ...args], { cwd: dir, timeoutMs: 120_000 });
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-compose-up-'));
  });
  afterAll(async () => {
    await compose(['down', '-t', '0']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a service whose HostConfig carries the security options', async () => {
    writeFileSync(path.join(dir, 'seccomp.json'), JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['chmod', 'fchmodat'], action: 'SCMP_ACT_ERRNO' }] }));
    writeFileSync(path.join(dir, 'docker-compose.yml'), `services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "60"]
    network_mode: none
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true", "seccomp=./seccomp.json"]
    pids_limit: 32
`);
    const up = await compose(['up', '-d']);
    expect(up.code, describeRun('docker-compose up', up)).toBe(0);
    const ps = await compose(['ps', '-q', 'app']);
    const id = ps.stdout.trim();
    const inspect = await docker(['inspect', '--format', '{{json .HostConfig}}', id]);
    const host = JSON.parse(inspect.stdout) as { CapDrop: string[]; ReadonlyRootfs: boolean; PidsLimit: number; SecurityOpt: string[] };
    const chmod = await docker(['exec', id, 'chmod', '600', '/tmp']);
    countProbe('compose', 2);
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.PidsLimit).toBe(32);
    expect(host.SecurityOpt.some((o) => o.startsWith('seccomp={'))).toBe(true);
    expect(chmod.code).not.toBe(0);
    expect(chmod.stderr).toMatch(/Operation not permitted/);
  });
});

describe.skipIf(requireEngine('runc').skip)('runc route: a bundle over .engines/rootfs', () => {
  const bundles: string[] = [];
  afterAll(() => {
    for (const dir of bundles) rmSync(dir, { recursive: true, force: true });
  });

  it("runs the probe under `runc spec`'s defaults (no CAP_NET_RAW, read-only root)", async () => {
    const bundle = mkdtempSync(path.join(os.tmpdir(), 'secpol-runc-'));
    bundles.push(bundle);
    const spec = await run(ENGINE_BIN.runc, ['spec', '--bundle', bundle]);
    expect(spec.code, describeRun('runc spec', spec)).toBe(0);
    const configPath = path.join(bundle, 'config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as {
      process: { terminal: boolean; args: string[] };
      root: { path: string; readonly: boolean };
    };
    config.process.terminal = false;
    config.process.args = ['sh', '-c', `${PROBE_IN_GUEST} socket inet raw; ${PROBE_IN_GUEST} write /probe-file`];
    config.root = { path: ENGINE_PATHS.rootfs, readonly: true };
    writeFileSync(configPath, JSON.stringify(config));
    const id = `secpol-selftest-${process.pid}`;
    const result = await run(ENGINE_BIN.runc, ['run', '--bundle', bundle, id], { timeoutMs: 60_000 });
    await run(ENGINE_BIN.runc, ['delete', '--force', id]);
    countProbe('runc');
    expect(result.stdout, describeRun('runc run', result)).toBe('errno=EPERM(1)\nerrno=EROFS(30)\n');
  });
});
