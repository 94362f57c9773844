/**
 * Compose stacks and a team's own Compose file, on the real engine (docker-compose 1.29, Docker 20.10).
 * Every file here is written by the real `secpol build` (the bundled CLI) in a temporary folder.
 *
 * - Two examples (stand-in images) in one stack: `docker-compose up` from the stack's folder starts
 *   both, each container's `docker inspect` and /proc/1/status are its own policy's.
 * - The segmented three-tier batch (test/golden/stacks/segmented, networks and volume renamed per
 *   run): the front reaches the middle tier on the network they share, the middle tier the database
 *   on the internal one, and the front does not reach the database; both tiers mount the one volume.
 * - The merge recipe of docs/mapping.md: the team's compose.yaml (test/e2e/fixtures/merge) first,
 *   secpol's stack file beside it second. `config` shows the team's keys and secpol's confinement;
 *   `up` builds the team's image and runs it with secpol's settings. And what a team's own
 *   `cap_add`, `security_opt` and `tmpfs` do to the merge in 1.29 (they stay: lists are unions).
 *
 * Traffic stays between the project's own containers (and 127.0.0.1 for a stand-in's published port).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { ENGINE_BIN, countProbe, requireEngine } from '../support/engines.js';
import {
  RUN_ID,
  Session,
  composeEnv,
  docker,
  ensureImage,
  exec,
  expectedPortBindings,
  holdHostResources,
  inspect,
  mustBuild,
  outcome,
  procStatus,
  securityFindings,
  sleep,
  startFindings,
  sweepDeadRuns,
  type Inspected,
} from '../support/containers.js';
import { repoHost, repoRoot } from '../support/repo.js';
import { run, type RunResult } from '../support/run.js';

const ROUTE = 'compose';
const count = () => countProbe(ROUTE);
const session = new Session('stack');

/** `secpol build ARGS` with the bundled CLI, in `cwd`. */
function secpol(args: readonly string[], cwd: string): Promise<RunResult> {
  return run(process.execPath, [path.join(repoRoot, 'bin', 'secpol.js'), ...args], { cwd, timeoutMs: 120_000 });
}

/** docker-compose 1.29 in `cwd`. */
function compose(args: readonly string[], cwd: string, timeoutMs = 240_000): Promise<RunResult> {
  return run(ENGINE_BIN.dockerCompose, args, { cwd, env: composeEnv(), timeoutMs });
}

/** A new temporary folder, removed in afterAll. */
const folders: string[] = [];
function tempFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-stack-'));
  folders.push(dir);
  return dir;
}

/** The container of a service of a project. */
async function containerOf(project: string, service: string): Promise<string> {
  const r = await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`, '--filter', `label=com.docker.compose.service=${service}`]);
  return r.stdout.trim().split('\n')[0] ?? '';
}

/** Stops a project and removes what `down` left (containers by label; the networks are the caller's). */
async function down(project: string, cwd: string, files: readonly string[]): Promise<void> {
  const r = await compose(['-p', project, ...files.flatMap((f) => ['-f', f]), 'down', '-t', '0', '--remove-orphans'], cwd, 120_000);
  if (r.code !== 0) console.warn(`secpol e2e: docker-compose down ${project}: ${r.stderr}`);
  const left = (await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`])).stdout.split('\n').filter(Boolean);
  if (left.length > 0) await docker(['rm', '-f', ...left]);
}

/**
 * What in a container's `docker inspect` is not its policy's: capabilities (all dropped but the
 * granted), the seccomp profile (inlined by docker-compose, compared as parsed JSON with the file
 * secpol wrote), no-new-privileges, the read-only root, tmpfs targets, memory and pids limits, the
 * user, and the published ports (unless `teamPorts`: the team's own file publishes them).
 */
function hostConfigFindings(i: Inspected, ir: PolicyIR, profile: unknown, teamPorts = false): string[] {
  const hc = i.HostConfig;
  const got = {
    CapDrop: hc['CapDrop'],
    CapAdd: hc['CapAdd'] ?? [],
    seccomp: (hc['SecurityOpt'] as string[]).filter((o) => o.startsWith('seccomp=')).map((o) => JSON.parse(o.slice('seccomp='.length)) as unknown),
    noNewPrivileges: (hc['SecurityOpt'] as string[]).filter((o) => o.startsWith('no-new-privileges')),
    ReadonlyRootfs: hc['ReadonlyRootfs'],
    tmpfs: Object.keys((hc['Tmpfs'] as Record<string, string> | null) ?? {}).sort(),
    Memory: hc['Memory'],
    PidsLimit: hc['PidsLimit'],
    User: i.Config['User'],
    PortBindings: hc['PortBindings'] ?? {},
  };
  const want = {
    CapDrop: ['ALL'],
    CapAdd: ir.capabilities.map((c) => c.slice('CAP_'.length)),
    seccomp: [profile],
    noNewPrivileges: [`no-new-privileges:${ir.noNewPrivileges}`],
    ReadonlyRootfs: ir.filesystem.rootReadonly,
    tmpfs: ir.filesystem.tmpfs.map((t) => t.target).sort(),
    Memory: ir.limits.memoryBytes ?? 0,
    PidsLimit: ir.limits.pids,
    User: `${ir.user.uid}:${ir.user.gid}`,
    PortBindings: expectedPortBindings(ir),
  };
  return Object.keys(want).filter((k) => !(teamPorts && k === 'PortBindings')).flatMap((k) => {
    const [g, w] = [JSON.stringify(got[k as keyof typeof got]), JSON.stringify(want[k as keyof typeof want])];
    return g === w ? [] : [`${ir.name}: ${k} is ${g.slice(0, 200)}, the policy says ${w.slice(0, 200)}`];
  });
}

/** The seccomp profile secpol wrote for a workload under `out`. */
const profileOf = (out: string, name: string): unknown => JSON.parse(readFileSync(path.join(out, name, `${name}.seccomp.json`), 'utf8'));

/** A container's address on one network ('' when it is not on it). */
async function addressOn(container: string, network: string): Promise<string> {
  const r = await docker(['inspect', '-f', `{{with index .NetworkSettings.Networks "${network}"}}{{.IPAddress}}{{end}}`, container]);
  return r.stdout.trim();
}

/** GET /hostname from `ip`:8080 inside `container` (busybox nc, 3 s to connect). */
function httpGetIn(container: string, ip: string): Promise<RunResult> {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) throw new Error(`not an IPv4 address: ${JSON.stringify(ip)}`);
  return exec(container, ['sh', '-c', `printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 3 ${ip} 8080`]);
}

/** Retries a GET until it succeeds or the tries run out (a server needs a moment to listen). */
async function retry(f: () => Promise<RunResult>, tries = 10): Promise<RunResult> {
  let r = await f();
  for (let i = 1; i < tries && r.code !== 0; i++) {
    await sleep(500);
    r = await f();
  }
  return r;
}

afterAll(async () => {
  await session.cleanup();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(requireEngine('compose').skip)('Compose stacks and merges on docker-compose 1.29', () => {
  describe('two examples in one stack, brought up from the stack file\'s folder', () => {
    const policies = ['examples/api.secpol', 'examples/postgres.secpol'];
    const built = policies.map(mustBuild);
    const project = session.uniqueName(ROUTE, 'examples');
    let dir = '';
    let out = '';
    let up: RunResult;
    const releases: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      await sweepDeadRuns();
      dir = tempFolder();
      out = path.join(dir, 'secpol-out');
      const b = await secpol(['build', ...policies, '-o', out, '--compose-stack', path.join(out, 'compose.yaml')], repoRoot);
      if (b.code !== 0) throw new Error(`secpol build: ${b.stderr}`);
      for (const c of built) {
        await ensureImage(c.ir);
        releases.push(await holdHostResources(c.ir));
      }
      up = await compose(['-p', project, 'up', '-d'], out);
    }, 600_000);

    afterAll(async () => {
      if (out) await down(project, out, []);
      for (const r of releases.splice(0)) await r();
    });

    it('docker-compose config accepts the stack from its folder, and refuses it from another (1.29 reads the profile from its working directory)', async () => {
      expect(outcome('docker-compose config', await compose(['config', '-q'], out), { code: 0 })).toEqual([]);
      const elsewhere = await compose(['-f', 'secpol-out/compose.yaml', 'config', '-q'], dir);
      expect(elsewhere.code).not.toBe(0);
      expect(elsewhere.stderr).toContain('Error reading seccomp profile');
    });

    it('a per-workload compose.yaml, too, loads in 1.29 only from its own folder: `-f` from elsewhere and `--project-directory` do not help', async () => {
      const fragment = path.join(out, 'payments-api');
      expect(outcome('docker-compose config in its folder', await compose(['config', '-q'], fragment), { code: 0 })).toEqual([]);
      for (const args of [['-f', 'secpol-out/payments-api/compose.yaml'], ['--project-directory', 'secpol-out/payments-api', '-f', 'secpol-out/payments-api/compose.yaml']]) {
        const r = await compose([...args, 'config', '-q'], dir);
        expect(r.code, args.join(' ')).not.toBe(0);
        expect(r.stderr).toContain("Error reading seccomp profile: [Errno 2] No such file or directory: './payments-api.seccomp.json'");
      }
    });

    it.each(built.map((c) => [c.ir.name, c] as const))('%s starts, runs its command and is confined as its policy says', async (_, c) => {
      expect(outcome('docker-compose up', up, { code: 0 })).toEqual([]);
      const container = await containerOf(project, c.ir.name);
      expect(container).not.toBe('');
      expect(await startFindings({ route: 'compose', ir: c.ir, dir: out, container, project, start: up }, count)).toEqual([]);
      count();
      expect(hostConfigFindings(await inspect(container), c.ir, profileOf(out, c.ir.name))).toEqual([]);
    });
  });

  describe('the segmented batch: networks shared where the policies say, and nowhere else', () => {
    const names = { edge: session.uniqueName(ROUTE, 'edge'), data: session.uniqueName(ROUTE, 'data'), cache: session.uniqueName(ROUTE, 'cache') };
    const project = session.uniqueName(ROUTE, 'segmented');
    const irs = new Map<string, PolicyIR>();
    const containers = new Map<string, string>();
    let out = '';
    let up: RunResult;
    const releases: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      await sweepDeadRuns();
      const dir = tempFolder();
      const source = path.join(repoRoot, 'test', 'golden', 'stacks', 'segmented');
      for (const f of readdirSync(source).filter((x) => x.endsWith('.secpol'))) {
        const text = readFileSync(path.join(source, f), 'utf8').replaceAll('stack-edge', names.edge).replaceAll('stack-data', names.data).replaceAll('stack-cache', names.cache);
        writeFileSync(path.join(dir, f), text);
        const r = compile(f, text, repoHost);
        if (!r.ir) throw new Error(`${f} does not compile with its networks renamed`);
        irs.set(r.ir.name, r.ir);
      }
      const b = await secpol(['build', 'app.secpol', 'db.secpol', 'front.secpol', '-o', 'secpol-out', '--compose-stack', 'secpol-out/compose.yaml'], dir);
      if (b.code !== 0) throw new Error(`secpol build: ${b.stderr}`);
      out = path.join(dir, 'secpol-out');
      for (const ir of irs.values()) releases.push(await holdHostResources(ir));
      up = await compose(['-p', project, 'up', '-d'], out);
      for (const name of irs.keys()) containers.set(name, await containerOf(project, name));
    }, 600_000);

    afterAll(async () => {
      if (out) await down(project, out, []);
      for (const n of [names.edge, names.data]) if ((await docker(['network', 'inspect', n])).code === 0) await docker(['network', 'rm', n]);
      for (const r of releases.splice(0)) await r();
    });

    const c = (name: string): string => containers.get(name) ?? '';

    it('comes up: three containers, each confined as its policy says', async () => {
      expect(outcome('docker-compose up', up, { code: 0 })).toEqual([]);
      for (const [name, ir] of irs) {
        expect(c(name), name).not.toBe('');
        count();
        expect(hostConfigFindings(await inspect(c(name)), ir, profileOf(out, name))).toEqual([]);
        count();
        expect(securityFindings(await procStatus(c(name)), ir)).toEqual([]);
      }
    });

    it('each network is created once, the data network internal, and each container is on the networks its policy joins', async () => {
      count();
      const nets = await docker(['network', 'inspect', '-f', '{{.Name}} {{.Internal}}', names.edge, names.data]);
      expect(nets.stdout.trim().split('\n')).toEqual([`${names.edge} false`, `${names.data} true`]);
      for (const [name, ir] of irs) {
        const r = await docker(['inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', c(name)]);
        const want = ir.network.mode.kind === 'networks' ? ir.network.mode.networks.map((n) => n.name).sort() : [];
        expect(r.stdout.trim().split(' ').sort(), name).toEqual(want);
      }
    });

    it('the front reaches the middle tier on the network they share', async () => {
      count();
      const r = await retry(async () => httpGetIn(c('stack-front'), await addressOn(c('stack-app'), names.edge)));
      const hostname = (await exec(c('stack-app'), ['cat', '/etc/hostname'])).stdout.trim();
      expect(outcome('GET of the middle tier from the front', r, { code: 0, out: new RegExp(`\\n${hostname}$`) })).toEqual([]);
    });

    it('the middle tier reaches the database on the internal network', async () => {
      count();
      const r = await retry(async () => httpGetIn(c('stack-app'), await addressOn(c('stack-db'), names.data)));
      const hostname = (await exec(c('stack-db'), ['cat', '/etc/hostname'])).stdout.trim();
      expect(outcome('GET of the database from the middle tier', r, { code: 0, out: new RegExp(`\\n${hostname}$`) })).toEqual([]);
    });

    it('the front does not reach the database: no shared network', async () => {
      const dbIp = await addressOn(c('stack-db'), names.data);
      expect(await addressOn(c('stack-db'), names.edge)).toBe('');
      count();
      // The control above shows the database serving; from the front its address is unreachable.
      const r = await httpGetIn(c('stack-front'), dbIp);
      expect(outcome('GET of the database from the front', r, { code: 1, out: '', err: /unreachable|timed out/i })).toEqual([]);
    });

    it('the middle tier and the database mount the one shared volume, the database read-only', async () => {
      count();
      const mounts = async (name: string) => (await inspect(c(name))).Mounts.filter((m) => m['Type'] === 'volume').map((m) => ({ name: m['Name'], rw: m['RW'] }));
      expect(await mounts('stack-app')).toEqual([{ name: names.cache, rw: true }]);
      expect(await mounts('stack-db')).toEqual([{ name: names.cache, rw: false }]);
    });
  });

  describe('the merge recipe: the team\'s compose.yaml, then secpol\'s file beside it', () => {
    const image = `secpol-e2e-${RUN_ID.replace(/_/g, '-')}-merge/app:1`;
    const project = session.uniqueName(ROUTE, 'merge');
    const files = ['compose.yaml', 'compose.secpol.yaml'];
    let dir = '';
    let ir: PolicyIR;
    let merged: { services: Record<string, Record<string, unknown>> };
    let up: RunResult;

    beforeAll(async () => {
      await sweepDeadRuns();
      dir = tempFolder();
      cpSync(path.join(repoRoot, 'test', 'e2e', 'fixtures', 'merge'), dir, { recursive: true });
      for (const f of ['compose.yaml', 'merge-app.secpol']) writeFileSync(path.join(dir, f), readFileSync(path.join(dir, f), 'utf8').replaceAll('secpol-e2e-merge/app:1', image));
      const r = compile('merge-app.secpol', readFileSync(path.join(dir, 'merge-app.secpol'), 'utf8'), repoHost);
      if (!r.ir) throw new Error('merge-app.secpol does not compile');
      ir = r.ir;
      const b = await secpol(['build', 'merge-app.secpol', '-o', 'secpol-out', '--compose-stack', 'compose.secpol.yaml'], dir);
      if (b.code !== 0) throw new Error(`secpol build: ${b.stderr}`);
      const config = await compose(['-p', project, ...files.flatMap((f) => ['-f', f]), 'config'], dir);
      if (config.code !== 0) throw new Error(`docker-compose config: ${config.stderr}`);
      merged = yaml.load(config.stdout) as typeof merged;
      up = await compose(['-p', project, ...files.flatMap((f) => ['-f', f]), 'up', '-d'], dir, 600_000);
    }, 900_000);

    afterAll(async () => {
      if (dir) await down(project, dir, files);
      if (existsSync(dir) && (await docker(['image', 'inspect', image])).code === 0) await docker(['rmi', image]);
    });

    it('config: the merged service keeps the team\'s build, healthcheck, restart, depends_on, ports and environment', () => {
      const s = merged.services['merge-app']!;
      expect(s['build']).toEqual({ context: path.join(dir, 'app') });
      expect(s['healthcheck']).toEqual({ test: ['CMD', 'busybox', 'true'], interval: '2s', timeout: '2s', retries: 3 });
      expect(s['restart']).toBe('unless-stopped');
      expect(s['depends_on']).toEqual({ cache: { condition: 'service_started' } });
      // One mapping, theirs and secpol's spelled alike; `config` prints it in its own spelling.
      expect(s['ports']).toEqual(['127.0.0.1::8080/tcp']);
      expect(s['environment']).toEqual({ APP_MODE: 'team' });
      expect(Object.keys(merged.services).sort()).toEqual(['cache', 'merge-app']);
    });

    it('config: and takes secpol\'s confinement: image, user, capabilities, seccomp, no-new-privileges, read-only root, tmpfs, limits', () => {
      const s = merged.services['merge-app']!;
      expect(s['image']).toBe(image);
      expect(s['user']).toBe('1000:1000');
      expect(s['cap_drop']).toEqual(['ALL']);
      expect(s['cap_add']).toBeUndefined();
      // 1.29 sorts a merged security_opt and shows a profile by its path (`seccomp:PATH`).
      expect(s['security_opt']).toEqual(['apparmor=secpol-merge-app', 'no-new-privileges:true', 'seccomp:./secpol-out/merge-app/merge-app.seccomp.json']);
      expect(s['read_only']).toBe(true);
      expect((s['tmpfs'] as string[]).map((t) => t.split(':')[0])).toEqual(['/dev/mqueue', '/dev/shm', '/tmp']);
      expect([s['mem_limit'], s['memswap_limit'], s['pids_limit']]).toEqual([ir.limits.memoryBytes, ir.limits.memorySwapBytes, ir.limits.pids]);
    });

    it('up: builds the team\'s image and runs it with secpol\'s settings in docker inspect and /proc/1/status', async () => {
      expect(outcome('docker-compose up', up, { code: 0 })).toEqual([]);
      const container = await containerOf(project, 'merge-app');
      expect(container).not.toBe('');
      count();
      const i = await inspect(container);
      expect(hostConfigFindings(i, ir, profileOf(path.join(dir, 'secpol-out'), 'merge-app'), true)).toEqual([]);
      expect(i.HostConfig['PortBindings']).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
      expect(i.HostConfig['RestartPolicy']).toEqual({ Name: 'unless-stopped', MaximumRetryCount: 0 });
      expect((i.Config['Healthcheck'] as { Test: string[] }).Test).toEqual(['CMD', 'busybox', 'true']);
      expect(i.Config['Env']).toContain('APP_MODE=team');
      expect((await exec(container, ['cat', '/etc/motd'])).stdout).toBe("built by the team's compose.yaml\n");
      count();
      expect(securityFindings(await procStatus(container), ir)).toEqual([]);
    });

    it('1.29 merges a team\'s own security lists into secpol\'s: a cap_add, a security_opt and a tmpfs of theirs stay (the docs\' warning); their single values give way', async () => {
      const theirs = yaml.load(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')) as { services: Record<string, Record<string, unknown>> };
      Object.assign(theirs.services['merge-app']!, { cap_add: ['NET_ADMIN'], security_opt: ['label=disable'], tmpfs: ['/run'], user: '0:0', read_only: false, pids_limit: 4096 });
      writeFileSync(path.join(dir, 'compose.team-security.yaml'), yaml.dump(theirs, { forceQuotes: true, quotingType: '"' }));
      count();
      const r = await compose(['-p', project, '-f', 'compose.team-security.yaml', '-f', 'compose.secpol.yaml', 'config'], dir);
      expect(outcome('docker-compose config', r, { code: 0 })).toEqual([]);
      const s = (yaml.load(r.stdout) as typeof merged).services['merge-app']!;
      expect(s['cap_add']).toEqual(['NET_ADMIN']);
      expect(s['cap_drop']).toEqual(['ALL']);
      expect(s['security_opt']).toEqual(['apparmor=secpol-merge-app', 'label=disable', 'no-new-privileges:true', 'seccomp:./secpol-out/merge-app/merge-app.seccomp.json']);
      expect((s['tmpfs'] as string[]).map((t) => t.split(':')[0])).toEqual(['/run', '/dev/mqueue', '/dev/shm', '/tmp']);
      // Single values are the later file's: secpol's.
      expect([s['user'], s['read_only'], s['pids_limit']]).toEqual(['1000:1000', true, 48]);
    });
  });
});
