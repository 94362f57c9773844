/**
 * `secpol import` round trips on the real engine: a `docker run` line (or a Compose service) is
 * started as written, imported, built, and started again from the policy's own artifacts (the
 * `docker run` route for a line, the Compose route for a service); `docker inspect` of the two
 * containers must agree on every security-relevant field of HostConfig and Config.User.
 *
 * Compared, after normalising spellings Docker accepts for one setting:
 * - capabilities in effect (from CapAdd, CapDrop and Docker's default set), Privileged;
 * - security options: no-new-privileges, the AppArmor profile (`AppArmorProfile`), the SELinux label;
 * - ReadonlyRootfs; tmpfs mounts other than /dev/shm and /dev/mqueue (size, read-only, exec), and the
 *   size of /dev/shm (ShmSize or its tmpfs);
 * - mounts (type, source or volume name, destination, writable);
 * - Memory, MemorySwap, MemoryReservation, CpuShares, PidsLimit, and NanoCpus where the source set it;
 * - ulimits the source set (secpol adds `core 0:0` and `nofile 4096:4096` when it set none: W0804);
 * - Config.User; PidMode, IpcMode, UTSMode, UsernsMode; CgroupnsMode where the source set it (else
 *   `private`: Docker's default depends on the host's cgroup version, W0804); NetworkMode (Compose: the
 *   network name without the project prefix); PortBindings.
 * Left out, each reported by the import (W0804): the seccomp filter (Docker's built-in profile
 * against `@docker-default` written out as a file: inspect shows only `seccomp=<json>`), NanoCpus
 * when the source set no CPU limit (the language always sets one), /dev/mqueue (secpol mounts a
 * read-only tmpfs over it), and the hostname (secpol's artifacts name it after the workload).
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { quote } from 'shell-quote';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { DOCKER_DEFAULT_CAPABILITIES } from '../../src/compiler/data/capabilities.js';
import { emitAll, TARGETS } from '../../src/emitters/index.js';
import { importPolicies, type ImportFormat } from '../../src/import/import.js';
import type { BuiltCase } from '../support/cases.js';
import { docker, inspect, RUN_ID, RUN_LABEL, Session, type Inspected } from '../support/containers.js';
import { countProbe, ENGINE_BIN, requireEngine, TEST_IMAGE } from '../support/engines.js';
import { run } from '../support/run.js';
import { validateComposeFile } from '../support/validators.js';
import yaml from 'js-yaml';

const count = (route: string) => countProbe(route);

/** Imports `text` and builds its one policy as the CLI does. */
function importAndBuild(format: ImportFormat, text: string, service?: string): BuiltCase {
  const r = importPolicies(format, 'source', text, service ? { service } : {});
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || r.policies.length !== 1) throw new Error(`import failed: ${errors.map((d) => d.message).join('; ')}`);
  const p = r.policies[0]!;
  const c = compile(`${p.name}.secpol`, p.text, { readFile: () => undefined });
  if (!c.ir) throw new Error(`the imported policy does not compile:\n${p.text}`);
  return { name: p.name, ir: c.ir, files: new Map(emitAll(c.ir, TARGETS).map((a) => [a.path, a.content])) };
}

const bytes = (s: string): number => {
  const m = /^(\d+)([kmg]?)$/i.exec(s);
  if (!m) return Number.NaN;
  return Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase());
};

/** The security-relevant settings of one container, in one spelling. */
export function securityView(c: Inspected, project?: string): Record<string, unknown> {
  const h = c.HostConfig as Record<string, any>;
  const strip = (s: string): string => (project && s.startsWith(`${project}_`) ? s.slice(project.length + 1) : s);
  const up = (x: string): string => (x.toUpperCase().startsWith('CAP_') ? x.toUpperCase() : `CAP_${x.toUpperCase()}`);
  let caps = new Set<string>(DOCKER_DEFAULT_CAPABILITIES);
  const drop: string[] = (h.CapDrop ?? []).map(up);
  if (drop.includes('CAP_ALL')) caps = new Set();
  for (const d of drop) caps.delete(d);
  for (const a of (h.CapAdd ?? []).map(up)) caps.add(a);
  const secOpts: string[] = h.SecurityOpt ?? [];
  const tmpfs: Record<string, string> = h.Tmpfs ?? {};
  const tmpfsView = Object.fromEntries(Object.entries(tmpfs).filter(([k]) => k !== '/dev/shm' && k !== '/dev/mqueue').sort().map(([k, v]) => {
    const opts = v.split(',');
    const size = opts.find((o) => o.startsWith('size='));
    return [k, { size: size ? bytes(size.slice(5)) : null, readonly: opts.includes('ro'), exec: opts.includes('exec') }];
  }));
  const shm = tmpfs['/dev/shm'];
  const shmSize = shm ? bytes(/size=([^,]+)/.exec(shm)?.[1] ?? '') : (h.ShmSize ?? 67108864);
  const user = String((c.Config as Record<string, unknown>).User ?? '');
  const ns = (v: string | undefined, dflt: string): string => (v === '' || v === undefined ? dflt : v);
  const ports: Record<string, { HostIp: string; HostPort: string }[]> = h.PortBindings ?? {};
  return {
    capabilities: [...caps].sort(),
    privileged: h.Privileged,
    noNewPrivileges: secOpts.some((o) => o === 'no-new-privileges' || o === 'no-new-privileges:true' || o === 'no-new-privileges=true'),
    apparmor: c.AppArmorProfile,
    selinux: secOpts.filter((o) => o.startsWith('label')).sort(),
    readonlyRootfs: h.ReadonlyRootfs,
    tmpfs: tmpfsView,
    shmSize,
    mounts: c.Mounts.map((m: Record<string, any>) => ({ type: m.Type, source: m.Type === 'volume' ? strip(String(m.Name)) : m.Source, destination: m.Destination, rw: m.RW })).sort((a, b) => (a.destination < b.destination ? -1 : 1)),
    memory: h.Memory,
    memorySwap: h.Memory === 0 && (h.MemorySwap === 0 || h.MemorySwap === -1) ? 'unlimited' : h.MemorySwap,
    memoryReservation: h.MemoryReservation,
    cpuShares: h.CpuShares,
    pidsLimit: h.PidsLimit === null || h.PidsLimit === undefined || h.PidsLimit <= 0 ? 'unlimited' : h.PidsLimit,
    user: ['', '0', '0:0', 'root', 'root:root'].includes(user) ? 'root' : user,
    pid: ns(h.PidMode, 'private'),
    ipc: ns(h.IpcMode, 'private'),
    uts: ns(h.UTSMode, 'private'),
    userns: ns(h.UsernsMode, 'host'),
    network: strip(h.NetworkMode === 'default' ? 'bridge' : String(h.NetworkMode)),
    ports: Object.fromEntries(Object.entries(ports).sort().map(([k, v]) => [k, v.map((b) => `${b.HostIp}:${b.HostPort}`).sort()])),
  };
}

/** The fields only compared where the source set them. */
function sourceSetView(c: Inspected): { cgroupns: string; nanoCpus: number; ulimits: Record<string, string> } {
  const h = c.HostConfig as Record<string, any>;
  return { cgroupns: h.CgroupnsMode || 'private', nanoCpus: h.NanoCpus ?? 0, ulimits: Object.fromEntries((h.Ulimits ?? []).map((u: any) => [u.Name, `${u.Soft}:${u.Hard}`])) };
}

function expectAgree(original: Inspected, imported: Inspected, projects: { original?: string; imported?: string } = {}, sourceCgroupns?: string): void {
  expect(securityView(imported, projects.imported)).toEqual(securityView(original, projects.original));
  const o = sourceSetView(original);
  const i = sourceSetView(imported);
  if (o.nanoCpus !== 0) expect(i.nanoCpus).toBe(o.nanoCpus);
  else expect(i.nanoCpus).toBe(1e9);
  // Docker's default cgroup namespace is the host's on cgroup v1 and private on v2: the policy says private (W0804).
  expect(i.cgroupns).toBe(sourceCgroupns ?? 'private');
  for (const [name, v] of Object.entries(o.ulimits)) expect(i.ulimits[name], name).toBe(v);
  for (const [name, v] of Object.entries(i.ulimits)) if (!(name in o.ulimits)) expect(`${name}=${v}`).toMatch(/^(core=0:0|nofile=4096:4096)$/);
}

// The seed articles' examples on the test image, corrected where they were wrong.
const RUN_CASES: Record<string, string[]> = {
  'the resource-limited run': ['--memory=512m', '--memory-swap=512m', '--memory-reservation=256m', '--cpus=1.0', '--cpu-shares=512', '--pids-limit=256', '--ulimit', 'nofile=1024:2048', '--ulimit', 'nproc=512:512'],
  'the web server with every capability dropped but NET_BIND_SERVICE': ['--cap-drop=ALL', '--cap-add=NET_BIND_SERVICE', '-p', '127.0.0.1:18480:80'],
  'the read-only root with tmpfs': ['--read-only', '--tmpfs', '/tmp:rw,noexec,nosuid,size=64m', '--tmpfs', '/run:rw,noexec,nosuid,size=32m'],
  'a non-root user, no-new-privileges and -m': ['-u', '1000:1000', '--security-opt', 'no-new-privileges', '-m', '256m', '--cpus', '0.5', '--pid', 'host'],
};

// Generated lines: a fixed seed, so a failure names a case that reproduces.
const GENERATED = fc.sample(
  fc.record({
    user: fc.option(fc.integer({ min: 1, max: 60000 }), { nil: undefined }),
    readOnly: fc.boolean(),
    caps: fc.option(fc.uniqueArray(fc.constantFrom('CHOWN', 'KILL', 'SETUID', 'SETGID', 'NET_BIND_SERVICE'), { maxLength: 3 }), { nil: undefined }),
    memory: fc.option(fc.integer({ min: 16, max: 1024 }), { nil: undefined }),
    pids: fc.option(fc.integer({ min: 16, max: 4096 }), { nil: undefined }),
    nnp: fc.boolean(),
    tmpfs: fc.option(fc.integer({ min: 1, max: 128 }), { nil: undefined }),
  }),
  { numRuns: 4, seed: 17 },
).map((g) => {
  const a: string[] = [];
  if (g.user) a.push('-u', `${g.user}:${g.user}`);
  if (g.readOnly) a.push('--read-only');
  if (g.caps) a.push('--cap-drop', 'ALL', ...g.caps.flatMap((c) => ['--cap-add', c]));
  if (g.memory) a.push('-m', `${g.memory}m`);
  if (g.pids) a.push('--pids-limit', String(g.pids));
  if (g.nnp) a.push('--security-opt', 'no-new-privileges:true');
  if (g.tmpfs) a.push('--tmpfs', `/scratch:size=${g.tmpfs}m`);
  return a;
});

describe.skipIf(requireEngine('docker').skip)('import round trip: a docker run line and its imported policy\'s docker-run.txt', () => {
  const session = new Session('import');
  const originals: string[] = [];
  afterAll(async () => {
    await session.cleanup();
    if (originals.length > 0) await docker(['rm', '-f', ...originals]);
  });

  const cases: [string, string[]][] = [...Object.entries(RUN_CASES), ...GENERATED.map((g, i): [string, string[]] => [`generated ${i}: ${g.join(' ')}`, g])];
  it.each(cases)('%s', async (label, flags) => {
    const name = session.uniqueName('orig', String(cases.findIndex(([l]) => l === label)));
    originals.push(name);
    const argv = ['docker', 'run', ...flags, TEST_IMAGE, 'sleep', '3600'];
    // The original, started as written (with a name and this run's label to find it by).
    const start = await run(ENGINE_BIN.docker, ['run', '-d', '--name', name, '--label', `${RUN_LABEL}=${RUN_ID}`, ...argv.slice(2)], { timeoutMs: 120_000 });
    expect(start.code, start.stderr).toBe(0);
    // Inspected, then removed: the imported container takes the same name-free resources (its port).
    const original = await inspect(name);
    await docker(['rm', '-f', name]);
    const built = importAndBuild('docker-run', quote(argv) + '\n');
    const started = await session.dockerRun(built, { suffix: `import-${cases.findIndex(([l]) => l === label)}` });
    expect(started.start.code, started.start.stderr).toBe(0);
    count('docker');
    expectAgree(original, await inspect(started.container));
    await session.remove(started);
  });
});

describe.skipIf(requireEngine('docker').skip)('import round trip: the comparison catches a difference', () => {
  const session = new Session('import');
  const name = session.uniqueName('orig', 'broken');
  afterAll(async () => {
    await session.cleanup();
    await docker(['rm', '-f', name]);
  });

  it('a policy whose memory limit and root were changed after the import does not agree with the original', async () => {
    const flags = RUN_CASES['the resource-limited run']!;
    const argv = ['docker', 'run', ...flags, TEST_IMAGE, 'sleep', '3600'];
    const start = await run(ENGINE_BIN.docker, ['run', '-d', '--name', name, '--label', `${RUN_LABEL}=${RUN_ID}`, ...flags, TEST_IMAGE, 'sleep', '3600'], { timeoutMs: 120_000 });
    expect(start.code, start.stderr).toBe(0);
    const original = await inspect(name);
    const r = importPolicies('docker-run', 'source', quote(argv) + '\n');
    const text = r.policies[0]!.text.replace('memory 512MiB', 'memory 256MiB').replace('root writable', 'root readonly');
    const c = compile('broken.secpol', text, { readFile: () => undefined });
    const built: BuiltCase = { name: 'broken', ir: c.ir!, files: new Map(emitAll(c.ir!, TARGETS).map((a) => [a.path, a.content])) };
    const started = await session.dockerRun(built, { suffix: 'broken' });
    expect(started.start.code, started.start.stderr).toBe(0);
    count('docker');
    const a = securityView(original);
    const b = securityView(await inspect(started.container));
    expect(b).not.toEqual(a);
    expect([b['memory'], b['readonlyRootfs']]).toEqual([256 * 1024 * 1024, true]);
    expect([a['memory'], a['readonlyRootfs']]).toEqual([512 * 1024 * 1024, false]);
  });
});

/** The seed's hardened service, corrected: a declared volume, no AppArmor or seccomp file this host lacks, the test image. */
const HARDENED = `services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    read_only: true
    tmpfs:
      - /tmp:rw,noexec,nosuid,size=64m
      - /run:rw,noexec,nosuid,size=32m
    security_opt:
      - no-new-privileges:true
    cap_drop:
      - ALL
    cap_add:
      - NET_BIND_SERVICE
    deploy:
      resources:
        limits:
          cpus: "2.0"
          memory: 1G
    pids_limit: 512
    user: "1000:1000"
    networks:
      - frontend
    volumes:
      - app_data:/data:rw
networks:
  frontend:
    internal: false
volumes:
  app_data: {}
`;

/** Docker's defaults kept: a writable root, the 14 capabilities, no limits, root; a published port and a read-only bind. */
const DEFAULTS = `services:
  plain:
    image: ${TEST_IMAGE}
    command: sleep 3600
    ports:
      - "127.0.0.1:18481:8080"
    volumes:
      - /srv:/mnt/srv:ro
`;

describe.skipIf(requireEngine('compose').skip)('import round trip: a Compose service and its imported policy\'s compose.yaml', () => {
  const session = new Session('import');
  const dirs: string[] = [];
  const projects: { project: string; dir: string }[] = [];
  afterAll(async () => {
    for (const p of projects) await run(ENGINE_BIN.dockerCompose, ['-p', p.project, 'down', '-t', '0', '-v', '--remove-orphans'], { cwd: p.dir, timeoutMs: 120_000 });
    await session.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.each([['the seed\'s hardened service', HARDENED, 'web'], ['a service on Docker\'s defaults, with a port and a bind', DEFAULTS, 'plain']])('%s', async (_label, compose, service) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-import-'));
    dirs.push(dir);
    expect(validateComposeFile(yaml.load(compose)).errors).toEqual([]);
    writeFileSync(path.join(dir, 'compose.yaml'), compose);
    const project = session.uniqueName('orig', service);
    projects.push({ project, dir });
    const up = await run(ENGINE_BIN.dockerCompose, ['-p', project, '--compatibility', 'up', '-d'], { cwd: dir, timeoutMs: 180_000 });
    expect(up.code, up.stderr).toBe(0);
    const ids = await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]);
    const original = await inspect(ids.stdout.trim().split('\n')[0]!);
    // Inspected, then brought down: the imported service takes the same host port.
    await run(ENGINE_BIN.dockerCompose, ['-p', project, 'down', '-t', '0'], { cwd: dir, timeoutMs: 120_000 });
    const built = importAndBuild('compose', compose, service);
    const started = await session.composeUp(built);
    expect(started.start.code, started.start.stderr).toBe(0);
    count('compose');
    // secpol's compose.yaml writes no cgroup namespace (docker-compose 1.29 has no key for it): the engine's, as the original's.
    expectAgree(original, await inspect(started.container), { original: project, imported: started.project! }, String((original.HostConfig as Record<string, unknown>)['CgroupnsMode'] || 'private'));
  });
});
