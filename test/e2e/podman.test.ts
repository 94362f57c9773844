/**
 * The Kubernetes route on Podman's `kube play`: each policy's `kubernetes/deployment.yaml` runs as a
 * pod with runc, its seccomp profile the SeccompProfile resource's spec written where SPO writes it
 * on a node (`operator/NAME.json` under the profile root, the folder the manifest's
 * `localhostProfile` is relative to), and the container is probed from inside with `podman exec`
 * by the same enforcement checks as the other routes. The checks that judge what Kubernetes cannot
 * carry (a pids limit, tmpfs size and noexec: SPL802 warns of each) or what only Docker has (port
 * publishing, its AppArmor option) are left out, each named below. Broken manifests are shown to be
 * caught; test/e2e/routes-agree.test.ts compares the pod with the `docker run` container.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { emitKubernetes } from '../../src/emitters/kubernetes.js';
import type { BuiltCase } from '../support/cases.js';
import { countProbe, PROBE_IN_GUEST, requireEngine, TEST_IMAGE } from '../support/engines.js';
import {
  APPARMOR_OPTION,
  DEV_SHM_NOT_WRITABLE,
  EXAMPLE_POLICIES,
  FIXTURE_POLICIES,
  OUTSIDE_ALLOW_LIST,
  PIDS_LIMIT,
  PORT_BINDINGS,
  PROBE_CARVE_CHECKS,
  PROBE_FILTERS_CHECKS,
  PROBE_ROOT_CHECKS,
  PROBE_USER_CHECKS,
  PROCESS_STATUS,
  PUBLISHED_PORT_REACHES,
  RUNS_TO_EXIT,
  TMPFS_NOEXEC,
  TMPFS_SIZE,
  USER_IDS,
  WRITABLE_PATHS,
  exec,
  localTcpPorts,
  mustBuild,
  outcome,
  procStatus,
  securityFindings,
  sleep,
  type EnforcementCheck,
  type ProcStatus,
} from '../support/containers.js';
import { ensurePodmanImage, PodmanSession, SECCOMP_ANNOTATION_NOTICE, type PodmanStarted } from '../support/podman.js';
import { standInScript } from '../support/stand-ins.js';

const ROUTE = 'podman';
const count = () => countProbe(ROUTE);
const PROBE_ROOT = 'test/e2e/fixtures/probe-root.secpol';
const PROBE_USER = 'test/e2e/fixtures/probe-user.secpol';
const PROBE_FILTERS = 'test/e2e/fixtures/probe-filters.secpol';
const PROBE_CARVE = 'test/e2e/fixtures/carve/probe-carve.secpol';

/**
 * Checks this route leaves out, and why. Docker's own: port publishing (a pod's ports are a
 * Service's business) and Docker's AppArmor option (this kernel has no AppArmor, and Podman 4.3
 * reads no AppArmor setting from a manifest at all). Kubernetes cannot carry (SPL802): a pids limit
 * per container, and a tmpfs's size and noexec (an emptyDir has no mount options; Podman 4.3 does
 * not even make it a tmpfs).
 */
const NOT_ON_KUBERNETES: ReadonlySet<EnforcementCheck> = new Set([PORT_BINDINGS, PUBLISHED_PORT_REACHES, APPARMOR_OPTION, PIDS_LIMIT, TMPFS_NOEXEC, TMPFS_SIZE]);

/**
 * /dev/shm only: Podman 4.3 mounts the pod's own mqueue file system over /dev/mqueue after the
 * container's volumes (a kubelet's runtime mounts the volumes last), so the read-only emptyDir the
 * manifest puts there is hidden on this route, and a regular file there fails with EINVAL, as in any
 * mqueue mount. The manifest's mount is checked in `deployment.yaml` by test/emitters/kubernetes.test.ts.
 */
const SHM_NOT_WRITABLE: EnforcementCheck = {
  name: DEV_SHM_NOT_WRITABLE.name.replace('/dev/shm and /dev/mqueue', '/dev/shm'),
  check: async (c, ir, cnt) => {
    cnt();
    const r = await exec(c, [PROBE_IN_GUEST, 'write', `/dev/shm/secpol-${ir.name}`]);
    return r.code === 1 && /^errno=(EROFS|EACCES|ENOENT)\(/.test(r.stdout.trim()) ? [] : [`write /dev/shm: want exit 1 and EROFS, EACCES or ENOENT; it exited ${r.code}: ${r.stdout.trim()} ${r.stderr.trim()}`];
  },
};

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The program pid 1 must become: the fixture's command, or the stand-in script's final `exec`. */
function program(ir: PolicyIR): string {
  return ir.image === TEST_IMAGE ? (ir.command ?? []).join(' ') : standInScript(ir).trim().split('\n').pop()!.replace(/^exec /, '');
}

/** The profile root of this run, with each policy's SeccompProfile written as SPO writes it on a node. */
const profileRoot = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-seccomp-root-'));

/** Writes the SeccompProfile's spec where the Deployment's localhostProfile points; returns the manifest to play. */
function installProfile(built: BuiltCase): string {
  const deployment = built.files.get('kubernetes/deployment.yaml');
  const resource = built.files.get('kubernetes/seccomp-profile.yaml');
  if (!deployment || !resource) throw new Error(`${built.name} has no Kubernetes artifacts`);
  const local: string = (yaml.load(deployment) as Json).spec.template.spec.containers[0].securityContext.seccompProfile.localhostProfile;
  const file = path.join(profileRoot, local);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify((yaml.load(resource) as Json).spec, null, 2)}\n`);
  return deployment;
}

/** Plays a policy's Deployment, its image made available to Podman first. */
async function play(session: PodmanSession, built: BuiltCase, edit?: (doc: Json) => void, suffix = built.ir.name): Promise<PodmanStarted> {
  await ensurePodmanImage(built.ir);
  let text = installProfile(built);
  if (edit) {
    const doc = yaml.load(text) as Json;
    edit(doc);
    text = yaml.dump(doc);
  }
  return session.play(suffix, text, profileRoot);
}

/** What is wrong with a freshly played pod: kube play failed, or pid 1 never became the workload's program, or a stand-in does not serve inside. */
async function startFindings(s: PodmanStarted, ir: PolicyIR, session: PodmanSession): Promise<string[]> {
  const failed = outcome(`podman kube play ${ir.name}`, s.start, { code: 0 });
  if (failed.length > 0) return failed;
  const findings: string[] = [];
  let cmdline = '';
  for (const until = Date.now() + 15_000; Date.now() < until; await sleep(250)) {
    count();
    cmdline = (await exec(s.container, ['cat', '/proc/1/cmdline'])).stdout.split('\0').filter(Boolean).join(' ');
    if (cmdline === program(ir)) break;
  }
  if (cmdline !== program(ir)) findings.push(`pid 1 of ${ir.name} is ${JSON.stringify(cmdline)}, not ${JSON.stringify(program(ir))}; logs: ${(await session.logs(s.container)).stdout.slice(-500)}`);
  if (ir.image !== TEST_IMAGE)
    for (const port of localTcpPorts(ir)) {
      let got = '';
      for (const until = Date.now() + 10_000; Date.now() < until; await sleep(200)) {
        count();
        got = (await exec(s.container, ['wget', '-q', '-O', '-', `http://127.0.0.1:${port.containerPort}/`])).stdout;
        if (got.includes('secpol stand-in')) break;
      }
      if (!got.includes('secpol stand-in')) findings.push(`the stand-in of ${ir.name} does not answer on 127.0.0.1:${port.containerPort} inside: ${JSON.stringify(got)}`);
    }
  return findings;
}

/**
 * Podman 4.3 raises a non-root container's added capabilities into its inheritable, permitted,
 * effective and ambient sets, where a kubelet's runtime (containerd, CRI-O) and Docker leave those
 * empty: for such a container those four sets are compared with the granted ones instead. The
 * bounding set, no_new_privs and the seccomp mode are judged as on every route.
 */
function podmanFindings(status: ProcStatus, ir: PolicyIR): string[] {
  if (ir.user.uid === 0 || ir.capabilities.length === 0) return securityFindings(status, ir);
  const asRoot = securityFindings({ ...status, CapInh: '0000000000000000', CapAmb: '0000000000000000' }, { ...ir, user: { ...ir.user, uid: 0 } });
  const raised = ['CapInh', 'CapAmb'].filter((f) => status[f as keyof ProcStatus] !== status.CapBnd).map((f) => `${f} is ${status[f as keyof ProcStatus]}, podman raises it to ${status.CapBnd}`);
  return [...asRoot, ...raised];
}

const PODMAN_STATUS: EnforcementCheck = {
  name: PROCESS_STATUS.name,
  check: async (c, ir, cnt) => {
    cnt();
    return podmanFindings(await procStatus(c), ir);
  },
};

/** The route's checks for one fixture: the same list as the other routes', less what this route cannot judge. */
const checksOf = (list: readonly EnforcementCheck[]) => list.filter((c) => !NOT_ON_KUBERNETES.has(c)).map((c) => (c === PROCESS_STATUS ? PODMAN_STATUS : c === DEV_SHM_NOT_WRITABLE ? SHM_NOT_WRITABLE : c));

describe.skipIf(requireEngine('podman').skip || requireEngine('docker').skip)('podman kube play: the Kubernetes Deployment', () => {
  const session = new PodmanSession('kube');
  const policies = [...EXAMPLE_POLICIES, ...FIXTURE_POLICIES, PROBE_CARVE].filter((p) => !RUNS_TO_EXIT.has(mustBuild(p).ir.name));
  const started = new Map<string, PodmanStarted>();
  const container = (policy: string): { container: string; ir: PolicyIR } => {
    const s = started.get(policy);
    if (!s) throw new Error(`${policy} was not started`);
    return { container: s.container, ir: mustBuild(policy).ir };
  };

  beforeAll(async () => {
    console.warn(SECCOMP_ANNOTATION_NOTICE);
    for (const p of policies) started.set(p, await play(session, mustBuild(p)));
  }, 600_000);
  afterAll(async () => {
    await session.cleanup();
    rmSync(profileRoot, { recursive: true, force: true });
  });

  describe('every example (with its stand-in image) and every fixture starts and runs its command', () => {
    it.each(policies)('%s', async (policy) => {
      expect(await startFindings(started.get(policy)!, mustBuild(policy).ir, session)).toEqual([]);
    });
    it.each(policies)('%s: capability sets, NoNewPrivs 1 and seccomp filter mode in /proc/1/status', async (policy) => {
      const { container: c, ir } = container(policy);
      expect(await PODMAN_STATUS.check(c, ir, count)).toEqual([]);
    });
  });

  describe('probe-root: allows what the policy allows, refuses the rest', () => {
    for (const check of checksOf(PROBE_ROOT_CHECKS))
      it(check.name, async () => {
        const { container: c, ir } = container(PROBE_ROOT);
        expect(await check.check(c, ir, count)).toEqual([]);
      });
  });

  describe('probe-user: a non-root user without capabilities', () => {
    for (const check of checksOf(PROBE_USER_CHECKS))
      it(check.name, async () => {
        const { container: c, ir } = container(PROBE_USER);
        expect(await check.check(c, ir, count)).toEqual([]);
      });
  });

  describe('probe-filters: a non-root user past whose filter conditions, protocols and mounts the probes try to get', () => {
    for (const check of checksOf(PROBE_FILTERS_CHECKS))
      it(check.name, async () => {
        const { container: c, ir } = container(PROBE_FILTERS);
        expect(await check.check(c, ir, count)).toEqual([]);
      });
  });

  describe('probe-carve: root with NET_RAW, AF_PACKET carved out of its socket grants by a conditional deny', () => {
    for (const check of checksOf(PROBE_CARVE_CHECKS))
      it(check.name, async () => {
        const { container: c, ir } = container(PROBE_CARVE);
        expect(await check.check(c, ir, count)).toEqual([]);
      });
  });

  describe('the memory limit (resources.limits.memory)', () => {
    it('OOM-kills an allocation beyond it (exit 137), and lets a small one end with ok', async () => {
      const { container: c, ir } = container(PROBE_ROOT);
      const limitMiB = ir.limits.memoryBytes! / 2 ** 20;
      count();
      const big = await exec(c, [PROBE_IN_GUEST, 'alloc', String(3 * limitMiB)]);
      expect(big.code, big.stderr).toBe(137);
      count();
      const small = await exec(c, [PROBE_IN_GUEST, 'alloc', '8']);
      expect(outcome('alloc 8', small, { code: 0, out: 'ok' })).toEqual([]);
    });
  });

  describe('the checks catch a broken manifest', () => {
    const containerOf = (d: Json) => d.spec.template.spec.containers[0];

    it('readOnlyRootFilesystem removed: the root file system takes writes', async () => {
      const built = mustBuild(PROBE_ROOT);
      const s = await play(session, built, (d) => void delete containerOf(d).securityContext.readOnlyRootFilesystem, 'rw-root');
      expect(await startFindings(s, built.ir, session)).toEqual([]);
      // (Podman's image root is mode 555, so root without DAC_OVERRIDE still cannot write in / itself.)
      const findings = await WRITABLE_PATHS.check(s.container, built.ir, count);
      for (const d of ['/etc', '/var/tmp']) expect(findings).toContainEqual(expect.stringMatching(new RegExp(`^write in ${d.replace(/\//g, '\\/')}: want exit 1 printing errno=EROFS\\(30\\); it exited 0`)));
      await session.remove(s);
    });

    it('SYS_ADMIN added: the status check names CapBnd', async () => {
      const built = mustBuild(PROBE_USER);
      const s = await play(session, built, (d) => void (containerOf(d).securityContext.capabilities.add = ['SYS_ADMIN']), 'sys-admin');
      expect(await startFindings(s, built.ir, session)).toEqual([]);
      expect(await PODMAN_STATUS.check(s.container, built.ir, count)).toContainEqual(expect.stringMatching(/^CapBnd is 0000000000200000, the policy gives 0000000000000000$/));
      await session.remove(s);
    });

    it('the SeccompProfile replaced by one that allows everything: the refused syscall goes through', async () => {
      const built = mustBuild(PROBE_USER);
      const s = await play(
        session,
        built,
        (d) => {
          writeFileSync(path.join(profileRoot, 'allow-all.json'), JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW' }));
          containerOf(d).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'allow-all.json' };
        },
        'allow-all',
      );
      expect(await startFindings(s, built.ir, session)).toEqual([]);
      expect(await OUTSIDE_ALLOW_LIST.check(s.container, built.ir, count)).toEqual([expect.stringMatching(/EPERM/)]);
      await session.remove(s);
    });
  });

  describe('namespaces { user private }: hostUsers: false puts the pod in a user namespace', () => {
    const USERNS = 'test/e2e/fixtures/userns/userns.secpol';
    it('root inside is not root on the host: /proc/self/uid_map maps 0 elsewhere, and the process runs as that host uid', async () => {
      const built = mustBuild(USERNS);
      const pod = (yaml.load(built.files.get('kubernetes/deployment.yaml')!) as Json).spec.template.spec;
      expect(pod.hostUsers).toBe(false);
      const s = await play(session, built);
      try {
        expect(await startFindings(s, built.ir, session)).toEqual([]);
        count();
        const map = (await exec(s.container, ['cat', '/proc/self/uid_map'])).stdout.trim().split(/\s+/).map(Number);
        expect(map[0]).toBe(0);
        expect(map[1], `uid_map ${map.join(' ')}`).toBeGreaterThan(0);
        count();
        expect((await exec(s.container, ['id', '-u'])).stdout.trim()).toBe('0');
        const pid = Number(((await session.inspect(s.container)) as unknown as { State: { Pid: number } }).State.Pid);
        const hostUid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
        expect(hostUid).toBe(map[1]);
        // Kubernetes chooses the range; the policy's own `uid-map` cannot be written (SPL802 id-maps).
        expect(hostUid).not.toBe(built.ir.namespaces.uidMappings[0]!.hostId);
      } finally {
        await session.remove(s);
      }
    });
  });

  describe('--kubernetes-kind pod: the same pod as a bare Pod', () => {
    it('probe-user as a Pod starts, and meets the status, allow-list and uid checks', async () => {
      const built = mustBuild(PROBE_USER);
      const podYaml = emitKubernetes(built.ir, { kubernetesKind: 'pod' }).find((a) => a.path === 'kubernetes/pod.yaml')!.content;
      installProfile(built);
      const s = await session.play('pod-kind', podYaml, profileRoot);
      try {
        expect(s.pods).toHaveLength(1);
        expect(await startFindings(s, built.ir, session)).toEqual([]);
        for (const check of [PODMAN_STATUS, OUTSIDE_ALLOW_LIST, USER_IDS]) expect(await check.check(s.container, built.ir, count), check.name).toEqual([]);
      } finally {
        await session.remove(s);
      }
    });
  });
});
