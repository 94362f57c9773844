/**
 * The runtime and the SELinux label on the real engine (Docker 20.10, docker-compose 1.29). This
 * machine has no SELinux in the kernel and only runc registered in dockerd, so what can be proven is
 * that the options reach the daemon as written, by both routes: `docker inspect` shows the label
 * options in HostConfig.SecurityOpt, the relabelled mounts in HostConfig.Binds with `z`/`Z`, and the
 * declared runtime in HostConfig.Runtime. A runtime the daemon does not know (crun, runsc, kata here)
 * leaves the artifacts valid, and Docker refuses the container with its own error: that is what a
 * user sees on a host where the runtime is not registered. dockerd's configuration is left alone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countProbe, requireEngine } from '../support/engines.js';
import { Session, composeWith, exec, inspect, mustBuild, outcome, type Started } from '../support/containers.js';
import { dockerComposeConfig, validateComposeFile, validateOciConfig } from '../support/validators.js';

const LABELS = 'test/e2e/fixtures/labels/labels.secpol';
const SANDBOXED = 'test/e2e/fixtures/labels/sandboxed.secpol';

/** What dockerd 20.10 answers for a runtime missing from its `runtimes` (moby daemon/start.go). */
const UNKNOWN_RUNTIME = /Unknown runtime specified ([^\s.]+)/;

/** `docker-run.txt` with `--runtime runsc` replaced by another runtime name. */
function withRuntime(txt: string, name: string): string {
  if (!txt.includes(' --runtime runsc ')) throw new Error('docker-run.txt has no `--runtime runsc`');
  return txt.replace(' --runtime runsc ', ` --runtime ${name} `);
}

const labelOptions = (opts: unknown): string[] => ((opts as string[] | null) ?? []).filter((o) => o.startsWith('label='));

describe.skipIf(requireEngine('docker').skip)('runtime and SELinux labels reach Docker', () => {
  const session = new Session('labels');
  const built = mustBuild(LABELS);
  const sandboxed = mustBuild(SANDBOXED);
  const started = new Map<'docker' | 'compose', Started>();

  beforeAll(async () => {
    started.set('docker', await session.dockerRun(built));
    started.set('compose', await session.composeUp(built));
  }, 300_000);
  afterAll(() => session.cleanup());

  describe.each(['docker', 'compose'] as const)('the %s route', (route) => {
    const count = () => countProbe(route);

    it('starts, and runs as the policy says', async () => {
      const s = started.get(route)!;
      expect(outcome(`${route} start`, s.start, { code: 0 })).toEqual([]);
      count();
      const r = await exec(s.container, ['id', '-u']);
      expect(outcome('id -u', r, { code: 0, out: '1000' })).toEqual([]);
    });

    it('HostConfig.SecurityOpt holds the label options, HostConfig.Runtime the declared runtime', async () => {
      const s = started.get(route)!;
      const i = await inspect(s.container);
      expect(labelOptions(i.HostConfig['SecurityOpt'])).toEqual(['label=type:container_t', 'label=level:s0:c100,c200']);
      expect(i.HostConfig['Runtime']).toBe('runc');
    });

    it('the relabelled mounts reach HostConfig.Binds with z and Z, and are mounted', async () => {
      const s = started.get(route)!;
      const i = await inspect(s.container);
      const binds = (i.HostConfig['Binds'] as string[] | null) ?? [];
      expect(binds.find((b) => b.startsWith('secpol-e2e-labels:/data:'))).toMatch(/:rw,Z$/);
      expect(binds.find((b) => b.startsWith('/srv/secpol-e2e-labels:/conf:'))).toMatch(/:ro,z$/);
      const mounts = Object.fromEntries(i.Mounts.map((m) => [m['Destination'] as string, m]));
      expect(mounts['/data']?.['RW']).toBe(true);
      expect(mounts['/conf']?.['RW']).toBe(false);
      count();
      const w = await exec(s.container, ['sh', '-c', 'touch /conf/x 2>&1; true']);
      expect(w.stdout).toMatch(/Read-only file system/);
    });
  });

  it('label=disable and apparmor=unconfined reach HostConfig.SecurityOpt (the runsc policy, run on runc)', async () => {
    const s = await session.dockerRun(sandboxed, { override: { 'docker-run.txt': withRuntime(sandboxed.files.get('docker-run.txt')!, 'runc') }, suffix: 'off' });
    countProbe('docker');
    expect(outcome('docker run', s.start, { code: 0 })).toEqual([]);
    const i = await inspect(s.container);
    const opts = (i.HostConfig['SecurityOpt'] as string[] | null) ?? [];
    expect(labelOptions(opts)).toEqual(['label=disable']);
    expect(opts).toContain('apparmor=unconfined');
    expect(i.HostConfig['Runtime']).toBe('runc');
    await session.remove(s);
  });

  describe('a runtime dockerd does not know', () => {
    it('the artifacts of a runsc policy are valid all the same', () => {
      expect(validateOciConfig(JSON.parse(sandboxed.files.get('config.json')!)).errors).toEqual([]);
      expect(validateComposeFile(yaml.load(sandboxed.files.get('compose.yaml')!)).errors).toEqual([]);
      const dir = session.writeArtifacts(sandboxed);
      const config = dockerComposeConfig(dir);
      expect(config.ok, config.stderr).toBe(true);
      expect(config.stdout).toMatch(/runtime: runsc/);
      const argv = JSON.parse(readFileSync(path.join(dir, 'docker-run.json'), 'utf8')) as string[];
      expect(argv.slice(0, 6)).toEqual(['docker', 'run', '--name', 'sandboxed', '--runtime', 'runsc']);
      expect(argv).toContain('label=disable');
      expect(argv).toContain('apparmor=unconfined');
    });

    it.each(['runsc', 'crun', 'kata'])('docker run --runtime %s: Docker refuses it with its own error', async (name) => {
      const txt = withRuntime(sandboxed.files.get('docker-run.txt')!, name);
      const s = await session.dockerRun(sandboxed, { override: { 'docker-run.txt': txt }, suffix: `rt-${name}` });
      countProbe('docker');
      expect(s.start.code).not.toBe(0);
      expect(s.start.stderr).toMatch(UNKNOWN_RUNTIME);
      expect(UNKNOWN_RUNTIME.exec(s.start.stderr)![1]).toBe(name);
      await session.remove(s);
    });

    it.each(['runsc', 'crun', 'kata'])('compose runtime: %s: docker-compose fails with Docker\'s error', async (name) => {
      const override = composeWith(sandboxed, (service) => {
        service['runtime'] = name;
      });
      const s = await session.composeUp(sandboxed, { override, suffix: `rt-${name}` });
      countProbe('compose');
      expect(s.start.code).not.toBe(0);
      expect(`${s.start.stdout}\n${s.start.stderr}`).toMatch(UNKNOWN_RUNTIME);
      await session.remove(s);
    });
  });
});
