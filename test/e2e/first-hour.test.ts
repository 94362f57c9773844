/**
 * The README's "Your first hour", run as written on the real engines: its shell blocks and its
 * tightened cache policy are read out of README.md, not copied here, so the walkthrough a new user
 * follows is the one that is tested. `npx secpol` runs the bundled CLI and `docker-compose` the pinned
 * docker-compose 1.29 (both from a folder put first on PATH); everything else is the README's own
 * text, run by `sh -e` in a copy of examples/first-hour.
 *
 * What a user would check at each step:
 * - imported: both policies written, the stack up under them and nginx serving on 127.0.0.1:8090;
 *   the cache as Docker ran it (root, a writable root, chmod allowed);
 * - tightened and learned: the review says privilege did not grow, learn replaced @docker-default
 *   with the calls redis made, and the running cache is uid 100:101, read-only, no capability,
 *   256 MiB, 64 tasks, healthy, still reached by the web container, its restart policy the team's,
 *   and a call outside the learned set refused with EPERM;
 * - `down` leaves no container of the project.
 *
 * Traffic stays on 127.0.0.1 and between the stack's own containers.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_BIN, countProbe, requireEngine } from '../support/engines.js';
import { composeEnv, docker, exec, inspect, sleep } from '../support/containers.js';
import { repoRoot } from '../support/repo.js';
import { describeRun, run, type RunResult } from '../support/run.js';
import { requireServersImage } from '../support/servers.js';

const dockerEngine = requireEngine('docker');
const composeEngine = requireEngine('compose');
const runc = requireEngine('runc');
const servers = requireServersImage();

/** The README's section, its ```sh blocks and its ```secpol block. */
function walkthrough(): { shell: string[]; policy: string } {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('## Your first hour');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start, 'README.md has a "Your first hour" section').toBeGreaterThanOrEqual(0);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = (lang: string): string[] => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
  const shell = blocks('sh');
  const policy = blocks('secpol');
  expect(shell).toHaveLength(2);
  expect(policy).toHaveLength(1);
  return { shell, policy: policy[0]! };
}

const PROJECT = 'first-hour';
const NETWORKS = ['shop-front', 'shop-back'];

/**
 * A folder first on PATH for the blocks: `npx secpol` there runs this checkout's bundled CLI, and
 * `docker-compose` is the pinned one.
 */
function shims(root: string): string {
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  const npx = path.join(bin, 'npx');
  const quoted = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(npx, `#!/bin/sh\n[ "$1" = secpol ] || { echo "unexpected: npx $1" >&2; exit 97; }\nshift\nexec ${quoted(process.execPath)} ${quoted(path.join(repoRoot, 'bin', 'secpol.js'))} "$@"\n`);
  chmodSync(npx, 0o755);
  symlinkSync(ENGINE_BIN.dockerCompose, path.join(bin, 'docker-compose'));
  return bin;
}

let shimDir = '';
async function sh(script: string, cwd: string): Promise<RunResult> {
  const env = { ...composeEnv(), PATH: `${shimDir}${path.delimiter}${process.env['PATH'] ?? ''}` };
  return run('sh', ['-ec', script], { cwd, env, timeoutMs: 600_000 });
}

/** The project's containers, and the stack's networks, left by an earlier run that did not finish. */
async function clearStack(): Promise<void> {
  const ids = (await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`])).stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await docker(['rm', '-f', ...ids]);
  for (const n of NETWORKS) if ((await docker(['network', 'inspect', n])).code === 0) await docker(['network', 'rm', n]);
}

async function container(service: string): Promise<string> {
  const r = await docker(['ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--filter', `label=com.docker.compose.service=${service}`]);
  return r.stdout.trim().split('\n')[0] ?? '';
}

async function healthy(id: string, ms = 60_000): Promise<string> {
  let status = '';
  for (const until = Date.now() + ms; Date.now() < until; await sleep(1000)) {
    status = (await docker(['inspect', '--format', '{{.State.Health.Status}}', id])).stdout.trim();
    if (status === 'healthy') break;
  }
  return status;
}

describe.skipIf(dockerEngine.skip || composeEngine.skip || runc.skip || servers.skip)("the README's first hour, as written", () => {
  let root = '';
  let dir = '';
  let steps: { shell: string[]; policy: string };

  beforeAll(async () => {
    steps = walkthrough();
    root = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-first-hour-'));
    dir = path.join(root, 'examples', 'first-hour');
    cpSync(path.join(repoRoot, 'examples', 'first-hour'), dir, { recursive: true });
    shimDir = shims(root);
    await clearStack();
  }, 120_000);

  afterAll(async () => {
    await clearStack();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('imports the stack, runs it under the imported policies, and nginx serves', async () => {
    const r = await sh(steps.shell[0]!, root);
    expect(r.code, describeRun('the first block', r)).toBe(0);
    countProbe('compose');
    expect(r.stdout).toContain('the stack serves, under the imported policies');
    expect(r.stdout).toMatch(/secpol lint: 1 policy, 0 errors, \d+ warnings/);
    for (const f of ['policies/web.secpol', 'policies/cache.secpol', 'cache.imported.secpol', 'compose.secpol.yaml']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    const cache = await container('cache');
    const i = await inspect(cache);
    expect(i.Config['User']).toBe('0:0');
    expect(i.HostConfig['ReadonlyRootfs']).toBe(false);
    const chmod = await exec(cache, ['/bin/secpol-probe', 'chmod', '/var/lib/redis', '700']);
    expect(chmod.stdout.trim(), describeRun('chmod under the imported policy', chmod)).not.toMatch(/^errno=/);
    expect(await healthy(cache)).toBe('healthy');
  }, 600_000);

  it('tightens the cache by hand and with learn; the review says privilege did not grow; the tight stack runs', async () => {
    writeFileSync(path.join(dir, 'policies', 'cache.secpol'), steps.policy);
    const lines = steps.shell[1]!.trimEnd().split('\n');
    const last = lines.pop()!;
    expect(last).toMatch(/^docker-compose .* down$/);
    const r = await sh(lines.join('\n') + '\n', dir);
    expect(r.code, describeRun('the second block', r)).toBe(0);
    countProbe('compose');
    expect(r.stdout).toContain('privilege did not grow');
    expect(r.stdout).toContain('still only reductions');
    const learned = readFileSync(path.join(dir, 'policies', 'cache.secpol'), 'utf8');
    expect(learned).not.toContain('@docker-default');
    expect(learned).toMatch(/allow socket if arg0 in \[AF_INET/);
    expect(learned).toContain('user 100:101');

    const cache = await container('cache');
    const i = await inspect(cache);
    expect(i.Config['User']).toBe('100:101');
    expect(i.HostConfig['ReadonlyRootfs']).toBe(true);
    expect(i.HostConfig['CapDrop']).toEqual(['ALL']);
    expect(i.HostConfig['CapAdd'] ?? []).toEqual([]);
    expect(i.HostConfig['Memory']).toBe(256 * 1024 * 1024);
    expect(i.HostConfig['PidsLimit']).toBe(64);
    expect(i.HostConfig['RestartPolicy']).toMatchObject({ Name: 'unless-stopped' });
    expect(await healthy(cache)).toBe('healthy');

    const web = await container('web');
    const set = await exec(web, ['redis-cli', '-h', 'cache', 'set', 'first-hour', 'served']);
    const get = await exec(web, ['redis-cli', '-h', 'cache', 'get', 'first-hour']);
    expect(get.stdout.trim(), describeRun(`web → cache (${set.stdout.trim()})`, get)).toBe('served');
    const page = await run('curl', ['-fsS', 'http://127.0.0.1:8090/'], { timeoutMs: 30_000 });
    expect(page.stdout, describeRun('curl 127.0.0.1:8090', page)).toContain('nginx');
    const chmod = await exec(cache, ['/bin/secpol-probe', 'chmod', '/var/lib/redis', '700']);
    expect(chmod.stdout.trim(), describeRun('chmod under the learned policy', chmod)).toBe('errno=EPERM(1)');

    const down = await sh(last + '\n', dir);
    expect(down.code, describeRun('down', down)).toBe(0);
    expect((await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`])).stdout.trim()).toBe('');
  }, 900_000);
});
