/**
 * The routes of one policy give the same container: `docker-run.txt` (through `sh`) and
 * `compose.yaml` (through docker-compose 1.29) must leave the same HostConfig and Config in
 * `docker inspect`, and the same capability sets, no_new_privs and seccomp mode in /proc/1/status;
 * the Kubernetes Deployment, played by Podman's `kube play`, the same where both can say it (below).
 * The differences docs/mapping.md documents (Compose's per-project bridge network; no cgroupns key
 * in Compose 1.29) are asserted to be exactly those, never ignored.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { countProbe, requireEngine } from '../support/engines.js';
import {
  EXAMPLE_POLICIES,
  RUN_ID,
  RUN_LABEL,
  Session,
  docker,
  inspect,
  mustBuild,
  outcome,
  procStatus,
  recordStatus,
  securityFindings,
  type Inspected,
  type ProcStatus,
  type Started,
} from '../support/containers.js';
import { ensurePodmanImage, PodmanSession } from '../support/podman.js';

/** What one route's container looked like. */
interface Observed {
  readonly started: Started;
  readonly inspected: Inspected;
  readonly status: ProcStatus;
}

const POLICIES = ['test/e2e/fixtures/probe-root.secpol', ...EXAMPLE_POLICIES];

/** Empty lists and maps and null all mean "not set" in `docker inspect`; make them one value. */
function normal(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? null : v.map(normal);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.length === 0 ? null : Object.fromEntries(entries.map(([k, x]) => [k, normal(x)]));
  }
  return v;
}

/** A list whose order carries no meaning, in one order (docker-compose 1.29 does not keep the file's). */
function unordered(v: unknown): unknown {
  return Array.isArray(v) ? [...v].sort((a, b) => (JSON.stringify(normal(a)) < JSON.stringify(normal(b)) ? -1 : 1)) : v;
}

/** The CFS quota per 100 ms that either `--cpus` (NanoCpus) or `cpu_period`/`cpu_quota` sets. */
function cpuQuotaPer100ms(hc: Readonly<Record<string, unknown>>): number {
  const nano = Number(hc.NanoCpus ?? 0);
  if (nano > 0) return (nano / 1e9) * 100_000;
  const period = Number(hc.CpuPeriod ?? 0);
  return period > 0 ? (Number(hc.CpuQuota ?? 0) * 100_000) / period : 0;
}

/**
 * HostConfig for comparison: `seccomp=` profiles parsed (Docker's CLI and docker-py inline the same
 * file with different whitespace), the CPU limit as one quota (--cpus and cpu_period/cpu_quota are
 * the same cgroup setting), RestartPolicy "" and "no" both "never", lists whose order means nothing
 * sorted (docker-compose 1.29 sends mounts in a different order from run to run), empties as null.
 */
function comparableHostConfig(hc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { NanoCpus: _n, CpuQuota: _q, CpuPeriod: _p, SecurityOpt, RestartPolicy, ...rest } = hc;
  const restart = (RestartPolicy ?? {}) as { Name?: string; MaximumRetryCount?: number };
  const out: Record<string, unknown> = {
    ...rest,
    CpuQuotaPer100ms: cpuQuotaPer100ms(hc),
    SecurityOpt: ((SecurityOpt ?? []) as string[]).map((o) => (o.startsWith('seccomp=') ? { seccomp: JSON.parse(o.slice('seccomp='.length)) as unknown } : o)),
    RestartPolicy: { Name: restart.Name || 'no', MaximumRetryCount: restart.MaximumRetryCount ?? 0 },
  };
  for (const key of ['CapAdd', 'CapDrop', 'SecurityOpt', 'Mounts', 'Ulimits', 'GroupAdd', 'Binds']) out[key] = unordered(out[key]);
  return normal(out) as Record<string, unknown>;
}

/** The mounts a container got (top-level `Mounts`), in one order. */
function comparableMounts(m: Inspected['Mounts']): unknown {
  return normal(unordered(m));
}

/** Keys of two records whose values differ. */
function differingKeys(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(normal(a[k])) !== JSON.stringify(normal(b[k]))).sort();
}

/** The fields the project's issue names, compared one by one for a readable failure. */
const NAMED_FIELDS = [
  'CapAdd', 'CapDrop', 'SecurityOpt', 'ReadonlyRootfs', 'Tmpfs', 'PidsLimit', 'Memory', 'MemorySwap', 'MemoryReservation',
  'CpuQuotaPer100ms', 'CpuShares', 'Ulimits', 'Sysctls', 'IpcMode', 'PortBindings', 'Mounts', 'PidMode', 'UTSMode', 'GroupAdd', 'Privileged',
] as const;

describe.skipIf(requireEngine('docker').skip || requireEngine('compose').skip)('docker run and Compose give the same container', () => {
  const session = new Session('agree');
  const observed = new Map<string, { docker: Observed; compose: Observed } | Error>();
  let daemonCgroupns = '';

  /** Starts one route's container, reads it, removes it (the two routes publish the same host ports). */
  async function observe(route: 'docker' | 'compose', policy: string): Promise<Observed> {
    const built = mustBuild(policy);
    const started = route === 'docker' ? await session.dockerRun(built) : await session.composeUp(built);
    try {
      const failed = outcome(`${route} start of ${policy}`, started.start, { code: 0 });
      if (failed.length > 0) throw new Error(failed.join('\n'));
      countProbe(route, 2);
      const [inspected, status] = [await inspect(started.container), await procStatus(started.container)];
      recordStatus(built.ir, route, status);
      return { started, inspected, status };
    } finally {
      await session.remove(started);
    }
  }

  beforeAll(async () => {
    // Docker's default cgroup namespace: what a Compose 1.29 container gets (docs/mapping.md).
    const version = (await docker(['info', '--format', '{{.CgroupVersion}}'])).stdout.trim();
    daemonCgroupns = version === '2' ? 'private' : 'host';
    // Policies side by side (their host ports differ); the two routes of one policy one after the other.
    await Promise.all(
      POLICIES.map(async (p) => {
        try {
          observed.set(p, { docker: await observe('docker', p), compose: await observe('compose', p) });
        } catch (e) {
          observed.set(p, e as Error);
        }
      }),
    );
  });
  afterAll(() => session.cleanup());

  const pair = (policy: string): { docker: Observed; compose: Observed; ir: PolicyIR } => {
    const o = observed.get(policy);
    if (!o) throw new Error(`${policy} was not observed`);
    if (o instanceof Error) throw o;
    return { ...o, ir: o.docker.started.ir };
  };

  describe.each(POLICIES)('%s', (policy) => {
    it('HostConfig: the named fields are equal (seccomp compared as parsed JSON)', () => {
      const { docker: d, compose: c } = pair(policy);
      const [dh, ch] = [comparableHostConfig(d.inspected.HostConfig), comparableHostConfig(c.inspected.HostConfig)];
      for (const field of NAMED_FIELDS) expect(ch[field], field).toEqual(dh[field]);
      // Not vacuous: the settings the policy makes are there.
      expect(dh.CapDrop).toEqual(['ALL']);
      expect((dh.SecurityOpt as unknown[]).length).toBe(3);
      expect(dh.ReadonlyRootfs).toBe(true);
    });

    it('HostConfig differs only where documented: NetworkMode (per-project bridge) and CgroupnsMode (no key in Compose 1.29)', () => {
      const { docker: d, compose: c, ir } = pair(policy);
      const [dh, ch] = [comparableHostConfig(d.inspected.HostConfig), comparableHostConfig(c.inspected.HostConfig)];
      const want: Record<string, [unknown, unknown]> = {};
      if (ir.network.mode.kind === 'bridge') want.NetworkMode = ['bridge', `${c.started.project}_default`];
      if (ir.namespaces.cgroup !== daemonCgroupns) want.CgroupnsMode = [ir.namespaces.cgroup, daemonCgroupns];
      expect(differingKeys(dh, ch)).toEqual(Object.keys(want).sort());
      for (const [key, [onDocker, onCompose]] of Object.entries(want)) expect({ key, docker: dh[key], compose: ch[key] }).toEqual({ key, docker: onDocker, compose: onCompose });
    });

    it('Config (user, command, environment, …) and the mounts are equal; only Labels and an unset Hostname differ', () => {
      const { docker: d, compose: c, ir } = pair(policy);
      expect(c.inspected.Config.User).toBe(`${ir.user.uid}:${ir.user.gid}`);
      expect(d.inspected.Config.User).toBe(c.inspected.Config.User);
      const config = (o: Observed): Record<string, unknown> => ({ ...o.inspected.Config, Env: unordered(o.inspected.Config.Env) });
      const [dc, cc] = [config(d), config(c)];
      const differ = ['Labels', ...(ir.hostname === null ? ['Hostname'] : [])];
      for (const key of new Set([...Object.keys(dc), ...Object.keys(cc)])) if (!differ.includes(key)) expect(normal(cc[key]), key).toEqual(normal(dc[key]));
      expect(differingKeys(dc, cc)).toEqual(differ.sort());
      // Labels: the image's on both; besides them, this run's label on one and Compose's own on the other.
      const [dl, cl] = [(dc.Labels ?? {}) as Record<string, string>, (cc.Labels ?? {}) as Record<string, string>];
      const image = Object.fromEntries(Object.entries(dl).filter(([k, v]) => cl[k] === v));
      expect(Object.keys(dl).filter((k) => !(k in image))).toEqual([RUN_LABEL]);
      expect(Object.keys(cl).filter((k) => !(k in image) && !k.startsWith('com.docker.compose.'))).toEqual([]);
      expect(comparableMounts(c.inspected.Mounts)).toEqual(comparableMounts(d.inspected.Mounts));
      expect(normal(c.inspected.NetworkSettings.Ports)).toEqual(normal(d.inspected.NetworkSettings.Ports));
    });

    it('/proc/1/status: CapEff, CapBnd, CapPrm, CapInh, CapAmb, Seccomp, NoNewPrivs are equal and the policy\'s', () => {
      const { docker: d, compose: c, ir } = pair(policy);
      expect(c.status).toEqual(d.status);
      expect(securityFindings(d.status, ir)).toEqual([]);
    });
  });
});

/**
 * The Kubernetes route agrees with `docker run`: the policy's Deployment played by Podman's
 * `kube play` (test/e2e/podman.test.ts probes it) against the `docker run` container of the same
 * policy, field by field where both engines report the setting: the security state in
 * /proc/1/status, and in `inspect` the read-only root, the memory and CPU limits, privileged, the
 * user and its groups, the policy's environment. What Kubernetes has no field for (swap, pids,
 * ulimits: SPL802) is not compared; Podman's own departures are named where they are allowed.
 */
describe.skipIf(requireEngine('docker').skip || requireEngine('podman').skip)('docker run and the Kubernetes Deployment (podman kube play) give the same container', () => {
  const session = new Session('agree-kube');
  const pods = new PodmanSession('agree');
  const profileRoot = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-agree-seccomp-'));
  interface Seen {
    readonly status: ProcStatus;
    readonly hostConfig: Readonly<Record<string, unknown>>;
    readonly config: Readonly<Record<string, unknown>>;
  }
  const observed = new Map<string, { docker: Seen; podman: Seen } | Error>();

  beforeAll(async () => {
    for (const policy of POLICIES) {
      const built = mustBuild(policy);
      try {
        const d = await session.dockerRun(built, { suffix: 'kube' });
        let docker: Seen;
        try {
          const failed = outcome(`docker run ${policy}`, d.start, { code: 0 });
          if (failed.length > 0) throw new Error(failed.join('\n'));
          countProbe('docker', 2);
          const i = await inspect(d.container);
          docker = { status: await procStatus(d.container), hostConfig: i.HostConfig, config: i.Config };
        } finally {
          await session.remove(d);
        }
        await ensurePodmanImage(built.ir);
        const local: string = (yaml.load(built.files.get('kubernetes/deployment.yaml')!) as { spec: { template: { spec: { containers: { securityContext: { seccompProfile: { localhostProfile: string } } }[] } } } }).spec.template.spec.containers[0]!.securityContext.seccompProfile.localhostProfile;
        mkdirSync(path.dirname(path.join(profileRoot, local)), { recursive: true });
        writeFileSync(path.join(profileRoot, local), JSON.stringify((yaml.load(built.files.get('kubernetes/seccomp-profile.yaml')!) as { spec: unknown }).spec));
        const p = await pods.play(built.ir.name, built.files.get('kubernetes/deployment.yaml')!, profileRoot);
        try {
          const failed = outcome(`podman kube play ${policy}`, p.start, { code: 0 });
          if (failed.length > 0) throw new Error(failed.join('\n'));
          countProbe('podman', 2);
          const i = await pods.inspect(p.container);
          observed.set(policy, { docker, podman: { status: await procStatus(p.container), hostConfig: i.HostConfig, config: i.Config } });
        } finally {
          await pods.remove(p);
        }
      } catch (e) {
        observed.set(policy, e as Error);
      }
    }
  }, 600_000);
  afterAll(async () => {
    await session.cleanup();
    await pods.cleanup();
    rmSync(profileRoot, { recursive: true, force: true });
  });

  const pairOf = (policy: string): { docker: Seen; podman: Seen; ir: PolicyIR } => {
    const o = observed.get(policy);
    if (!o) throw new Error(`${policy} was not observed`);
    if (o instanceof Error) throw o;
    return { ...o, ir: mustBuild(policy).ir };
  };

  describe.each(POLICIES)('%s', (policy) => {
    it('/proc/1/status: CapBnd, NoNewPrivs and Seccomp equal; every set equal unless Podman raised a non-root user\'s added capabilities', () => {
      const { docker: d, podman: p, ir } = pairOf(policy);
      const pick = (s: ProcStatus) => ({ CapBnd: s.CapBnd, NoNewPrivs: s.NoNewPrivs, Seccomp: s.Seccomp });
      expect(pick(p.status)).toEqual(pick(d.status));
      if (ir.user.uid === 0 || ir.capabilities.length === 0) expect(p.status).toEqual(d.status);
      else for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapAmb'] as const) expect([d.status[set], d.status.CapBnd], set).toContain(p.status[set]);
      expect(securityFindings(d.status, ir)).toEqual([]);
    });

    it('inspect: the read-only root, memory and CPU limits, privileged, the user, its groups and the policy\'s environment are equal', () => {
      const { docker: d, podman: p, ir } = pairOf(policy);
      const fields = (s: Seen) => ({
        ReadonlyRootfs: s.hostConfig.ReadonlyRootfs,
        Memory: s.hostConfig.Memory,
        CpuQuotaPer100ms: cpuQuotaPer100ms(s.hostConfig),
        Privileged: s.hostConfig.Privileged,
        GroupAdd: normal(unordered(s.hostConfig.GroupAdd ?? [])),
        User: s.config.User,
      });
      expect(fields(p)).toEqual(fields(d));
      expect(fields(d)).toMatchObject({ ReadonlyRootfs: ir.filesystem.rootReadonly, Privileged: false, User: `${ir.user.uid}:${ir.user.gid}` });
      // Docker writes the policy's variables and PATH; Podman adds HOSTNAME (and the PATH the session gives an image without one).
      const env = ir.env.map((e) => `${e.name}=${e.value}`);
      for (const s of [d, p]) expect(s.config.Env as string[]).toEqual(expect.arrayContaining(env));
    });
  });
});
