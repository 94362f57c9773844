/**
 * A private user namespace on the runc route: the fixture's config.json carries `user` in
 * `linux.namespaces` and its `uidMappings`/`gidMappings`, and runc starts it as written. Inside,
 * /proc/self/uid_map and gid_map are the policy's map; root inside is the mapped host uid, seen
 * from the host both in /proc/PID/status of the container's process and as the owner of a file
 * the container's root creates in a folder bind-mounted from the host. The busybox root file
 * system stays owned by host root, which the namespace sees as the overflow id: it is read-only
 * and world-readable, which is all the workload needs. With the mappings removed runc refuses the
 * bundle, so these checks can fail.
 *
 * Docker has no per-container mappings (docs/mapping.md): the fixture lives in a subfolder that
 * the Docker suites do not read, and compose.yaml and docker-run.txt carry a comment saying so.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPARMOR_DROP_NOTICE, DROP_APPARMOR, RuncSession, readLog, runc, type RuncStarted } from '../support/bundles.js';
import { exec, mustBuild, outcome } from '../support/containers.js';
import { countProbe, requireEngine } from '../support/engines.js';

const ROUTE = 'runc';
const count = () => countProbe(ROUTE);
const POLICY = 'test/e2e/fixtures/userns/userns.secpol';

/** The lines of a uid_map or gid_map as `CONTAINER HOST SIZE`. */
const mapLines = (text: string): string[] =>
  text
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).join(' '));

describe.skipIf(requireEngine('runc').skip)('runc: a private user namespace with the policy\'s id mappings', () => {
  const session = new RuncSession('userns');
  const built = mustBuild(POLICY);
  const { uidMappings, gidMappings } = built.ir.namespaces;
  const hostUid = uidMappings[0]!.hostId;
  const hostGid = gidMappings[0]!.hostId;
  // A host folder for the container's root to write in: owned by the mapped root, so root inside
  // owns it; its parent only traversable.
  const hostDir = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-userns-'));
  const shared = path.join(hostDir, 'shared');
  let s: RuncStarted;

  beforeAll(async () => {
    if (DROP_APPARMOR) console.warn(APPARMOR_DROP_NOTICE);
    chmodSync(hostDir, 0o711);
    mkdirSync(shared);
    chownSync(shared, hostUid, hostGid);
    s = await session.start(built, {
      edit: (c) => void c.mounts.push({ destination: '/home', type: 'bind', source: shared, options: ['rbind', 'rprivate', 'rw'] }),
    });
  });
  afterAll(async () => {
    await session.cleanup();
    rmSync(hostDir, { recursive: true, force: true });
  });

  it('the emitted config.json asks for the user namespace and its mappings', () => {
    const config = JSON.parse(built.files.get('config.json')!) as { linux: { namespaces: { type: string }[]; uidMappings: unknown; gidMappings: unknown } };
    expect(config.linux.namespaces.map((n) => n.type)).toContain('user');
    expect(config.linux.uidMappings).toEqual([{ containerID: 0, hostID: 100000, size: 65536 }]);
    expect(config.linux.gidMappings).toEqual([{ containerID: 0, hostID: 200000, size: 65536 }]);
  });

  it('starts and runs its command', async () => {
    expect(outcome('runc run -d', s.start, { code: 0 })).toEqual([]);
    count();
    const r = await exec(s.container, ['cat', '/proc/1/cmdline']);
    expect(r.stdout.split('\0').filter(Boolean), readLog(s.log)).toEqual(['sleep', '3600']);
  });

  it('/proc/self/uid_map and gid_map inside are the declared mappings', async () => {
    count();
    const uid = await exec(s.container, ['cat', '/proc/self/uid_map']);
    count();
    const gid = await exec(s.container, ['cat', '/proc/self/gid_map']);
    expect(mapLines(uid.stdout)).toEqual(uidMappings.map((m) => `${m.containerId} ${m.hostId} ${m.size}`));
    expect(mapLines(gid.stdout)).toEqual(gidMappings.map((m) => `${m.containerId} ${m.hostId} ${m.size}`));
  });

  it('root inside is the mapped host uid: /proc/PID/status of the container process on the host', async () => {
    count();
    const inside = await exec(s.container, ['id', '-u']);
    expect(inside.stdout.trim()).toBe('0');
    count();
    const state = await runc(['state', s.container]);
    const pid = (JSON.parse(state.stdout) as { pid: number }).pid;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    expect(status).toMatch(new RegExp(`^Uid:\\t${hostUid}\\t${hostUid}\\t${hostUid}\\t${hostUid}$`, 'm'));
    expect(status).toMatch(new RegExp(`^Gid:\\t${hostGid}\\t${hostGid}\\t${hostGid}\\t${hostGid}$`, 'm'));
  });

  it('a file root creates inside is owned by the mapped host uid and gid on the host', async () => {
    count();
    const r = await exec(s.container, ['sh', '-c', 'echo hi > /home/made-by-root && stat -c %u:%g /home/made-by-root']);
    expect(outcome('create /home/made-by-root', r, { code: 0, out: '0:0' })).toEqual([]);
    const st = statSync(path.join(shared, 'made-by-root'));
    expect(`${st.uid}:${st.gid}`).toBe(`${hostUid}:${hostGid}`);
  });

  it('the root file system, owned by host root, is seen as the overflow id and stays readable and read-only', async () => {
    count();
    const r = await exec(s.container, ['sh', '-c', 'stat -c %u /bin/busybox && cat /etc/passwd >/dev/null && echo readable && touch /bin/x 2>&1; true']);
    expect(r.stdout).toMatch(/^65534\nreadable\n.*Read-only file system/);
  });

  it('runc refuses the bundle with the mappings removed', async () => {
    count();
    const r = await session.runToExit(built, {
      edit: (c) => {
        delete c.linux['uidMappings'];
        delete c.linux['gidMappings'];
      },
      suffix: 'no-maps',
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no uid mappings found|uid mappings/i);
  });
});
