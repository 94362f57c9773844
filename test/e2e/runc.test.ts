/**
 * The OCI route on runc: each policy's `config.json` runs in a bundle with the busybox test root
 * file system (or the example's stand-in), and the container is probed from inside with
 * `runc exec`: the same enforcement checks as the Docker routes, less the three that only Docker
 * can answer (published ports, `docker port`, Docker's AppArmor option; a bundle has no port
 * publishing). Its /proc/1/status and rlimits are compared with the `docker run` container of the
 * same policy, and deliberately broken configs are shown to be caught.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { emitOci } from '../../src/emitters/oci.js';
import { APPARMOR_DROP_NOTICE, DROP_APPARMOR, RuncSession, readLog, runcStatus, type RuncStarted } from '../support/bundles.js';
import { countProbe, PROBE_IN_GUEST, requireEngine, TEST_IMAGE } from '../support/engines.js';
import {
  APPARMOR_OPTION,
  EXAMPLE_POLICIES,
  FIXTURE_POLICIES,
  PORT_BINDINGS,
  PROBE_CARVE_CHECKS,
  PROBE_FILTERS_CHECKS,
  PROBE_ROOT_CHECKS,
  PROBE_USER_CHECKS,
  PROCESS_STATUS,
  PUBLISHED_PORT_REACHES,
  RUNS_TO_EXIT,
  Session,
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
import { standInScript } from '../support/stand-ins.js';

const ROUTE = 'runc';
const count = () => countProbe(ROUTE);
const PROBE_ROOT = 'test/e2e/fixtures/probe-root.secpol';
const PROBE_USER = 'test/e2e/fixtures/probe-user.secpol';
const PROBE_FILTERS = 'test/e2e/fixtures/probe-filters.secpol';
/** In a subfolder that the suites reading every fixture skip (see its header): started here with the rest. */
const PROBE_CARVE = 'test/e2e/fixtures/carve/probe-carve.secpol';

/** Checks that read what only Docker has: its port publishing and its AppArmor option. */
const DOCKER_ONLY: ReadonlySet<EnforcementCheck> = new Set([PORT_BINDINGS, PUBLISHED_PORT_REACHES, APPARMOR_OPTION]);

/** The rlimit names of config.json as /proc/PID/limits prints them. */
const LIMIT_ROWS: Readonly<Record<string, string>> = {
  RLIMIT_CORE: 'Max core file size',
  RLIMIT_NOFILE: 'Max open files',
  RLIMIT_NPROC: 'Max processes',
  RLIMIT_STACK: 'Max stack size',
  RLIMIT_MEMLOCK: 'Max locked memory',
};

/** The rows of /proc/1/limits for the rlimits the policy's config.json sets, as `soft hard`. */
async function limitRows(container: string, rlimits: readonly { type: string }[]): Promise<Record<string, string>> {
  const r = await exec(container, ['cat', '/proc/1/limits']);
  if (r.code !== 0) throw new Error(`cat /proc/1/limits in ${container}: ${r.stderr}`);
  const out: Record<string, string> = {};
  for (const { type } of rlimits) {
    const label = LIMIT_ROWS[type];
    if (!label) throw new Error(`no /proc/PID/limits row known for ${type}`);
    const row = r.stdout.split('\n').find((l) => l.startsWith(label));
    out[type] = row ? row.slice(label.length).trim().split(/\s+/).slice(0, 2).join(' ') : 'missing';
  }
  return out;
}

/** The program pid 1 must become: the fixture's command, or the stand-in script's final `exec`. */
function program(ir: PolicyIR): string {
  return ir.image === TEST_IMAGE ? (ir.command ?? []).join(' ') : standInScript(ir).trim().split('\n').pop()!.replace(/^exec /, '');
}

/**
 * What is wrong with a freshly started runc container: `runc run -d` failed, runc does not see it
 * running, its pid 1 never became the workload's program, a stand-in does not serve on its ports
 * inside the container's own network namespace, or its security state is not the policy's.
 */
async function runcStartFindings(s: RuncStarted): Promise<string[]> {
  const { ir } = s;
  const failed = outcome(`runc run -d ${ir.name}`, s.start, { code: 0 });
  if (failed.length > 0) return failed;
  const findings: string[] = [];
  let cmdline = '';
  for (const until = Date.now() + 10_000; Date.now() < until; await sleep(200)) {
    count();
    cmdline = (await exec(s.container, ['cat', '/proc/1/cmdline'])).stdout.split('\0').filter(Boolean).join(' ');
    if (cmdline === program(ir)) break;
  }
  if (cmdline !== program(ir)) findings.push(`pid 1 of ${ir.name} is ${JSON.stringify(cmdline)}, not ${JSON.stringify(program(ir))}; log: ${readLog(s.log)}`);
  count();
  const status = await runcStatus(s.container);
  if (status !== 'running') findings.push(`runc state of ${ir.name} is ${status}`);
  if (ir.image !== TEST_IMAGE)
    for (const port of localTcpPorts(ir)) {
      // No port publishing in a bundle: the stand-in must answer on its container port, from inside.
      let got = '';
      for (const until = Date.now() + 10_000; Date.now() < until; await sleep(200)) {
        count();
        got = (await exec(s.container, ['wget', '-q', '-O', '-', `http://127.0.0.1:${port.containerPort}/`])).stdout;
        if (got.includes('secpol stand-in')) break;
      }
      if (!got.includes('secpol stand-in')) findings.push(`the stand-in of ${ir.name} does not answer on 127.0.0.1:${port.containerPort} inside: ${JSON.stringify(got)}; log: ${readLog(s.log)}`);
    }
  findings.push(...(await PROCESS_STATUS.check(s.container, ir, count)));
  return findings;
}

describe.skipIf(requireEngine('runc').skip || requireEngine('docker').skip)('runc: config.json in a bundle', () => {
  const session = new RuncSession('oci');
  const policies = [...EXAMPLE_POLICIES, ...FIXTURE_POLICIES, PROBE_CARVE];
  const longRunning = policies.filter((p) => !RUNS_TO_EXIT.has(mustBuild(p).ir.name));
  const started = new Map<string, RuncStarted>();
  const container = (policy: string): RuncStarted => {
    const s = started.get(policy);
    if (!s) throw new Error(`${policy} was not started`);
    return s;
  };

  beforeAll(async () => {
    if (DROP_APPARMOR) console.warn(APPARMOR_DROP_NOTICE);
    await Promise.all(longRunning.map(async (p) => started.set(p, await session.start(mustBuild(p)))));
  });
  afterAll(() => session.cleanup());

  describe('every example (with its stand-in root file system) and every fixture starts and runs its command', () => {
    it.each(longRunning)('%s', async (policy) => {
      expect(await runcStartFindings(container(policy))).toEqual([]);
    });

    it.each(policies.filter((p) => !longRunning.includes(p)))('%s runs to the end and exits 0 (the runtime baseline is enough)', async (policy) => {
      count();
      const r = await session.runToExit(mustBuild(policy));
      expect(outcome(`runc run ${policy}`, r, { code: 0 })).toEqual([]);
    });
  });

  describe('probe-root: allows what the policy allows, refuses the rest', () => {
    for (const check of PROBE_ROOT_CHECKS.filter((c) => !DOCKER_ONLY.has(c)))
      it(check.name, async () => {
        const s = container(PROBE_ROOT);
        expect(await check.check(s.container, s.ir, count)).toEqual([]);
      });
  });

  describe('probe-user: a non-root user without capabilities', () => {
    for (const check of PROBE_USER_CHECKS.filter((c) => !DOCKER_ONLY.has(c)))
      it(check.name, async () => {
        const s = container(PROBE_USER);
        expect(await check.check(s.container, s.ir, count)).toEqual([]);
      });
  });

  describe('probe-filters: a non-root user past whose filter conditions, protocols and mounts the probes try to get', () => {
    for (const check of PROBE_FILTERS_CHECKS.filter((c) => !DOCKER_ONLY.has(c)))
      it(check.name, async () => {
        const s = container(PROBE_FILTERS);
        expect(await check.check(s.container, s.ir, count)).toEqual([]);
      });
  });

  describe('probe-carve: root with NET_RAW, AF_PACKET carved out of its socket grants by a conditional deny', () => {
    for (const check of PROBE_CARVE_CHECKS.filter((c) => !DOCKER_ONLY.has(c)))
      it(check.name, async () => {
        const s = container(PROBE_CARVE);
        expect(await check.check(s.container, s.ir, count)).toEqual([]);
      });
  });

  describe('the memory limit (linux.resources.memory)', () => {
    const built = mustBuild(PROBE_ROOT);
    const limitMiB = built.ir.limits.memoryBytes! / 2 ** 20;
    const withArgs = (args: string[]) => (c: { process: { args?: string[] } }) => void (c.process.args = args);

    it('OOM-kills an allocation beyond it (exit 137)', async () => {
      count();
      const r = await session.runToExit(built, { edit: withArgs([PROBE_IN_GUEST, 'alloc', String(3 * limitMiB)]), suffix: 'oom' });
      expect(r.code, r.stderr).toBe(137);
    });

    it('lets a small allocation end with ok: the limit is what killed the big one', async () => {
      count();
      const r = await session.runToExit(built, { edit: withArgs([PROBE_IN_GUEST, 'alloc', '8']), suffix: 'alloc-small' });
      expect(outcome('alloc 8', r, { code: 0, out: 'ok' })).toEqual([]);
    });
  });

  it('built with --security-module selinux (hosts without AppArmor), config.json runs unedited where AppArmor is missing', async () => {
    const built = mustBuild('test/e2e/fixtures/baseline-only.secpol');
    const config = emitOci(built.ir, { securityModules: ['selinux'] })[0]!.content;
    expect((JSON.parse(config) as { process: { apparmorProfile?: string } }).process.apparmorProfile).toBeUndefined();
    count();
    const r = await session.runToExit({ ...built, files: new Map([...built.files, ['config.json', config]]) }, { keepAppArmor: true, suffix: 'no-apparmor' });
    expect(outcome('runc run (config.json for hosts without AppArmor)', r, { code: 0 })).toEqual([]);
  });

  it('runc refuses the unedited config.json while its AppArmor profile cannot be applied', async () => {
    // Why the bundles drop process.apparmorProfile here: loading the profile needs AppArmor in the
    // kernel (test/e2e/apparmor.test.ts does it in a VM); runc will not start without it.
    const built = mustBuild(PROBE_USER);
    count();
    const r = await session.runToExit(built, { keepAppArmor: true, suffix: 'apparmor' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/apparmor/i);
    if (!DROP_APPARMOR) console.warn('secpol e2e: this kernel has AppArmor; runc bundles keep process.apparmorProfile');
  });

  describe('the checks catch a broken config.json', () => {
    it('root.readonly removed: the root file system takes writes', async () => {
      const s = await session.start(mustBuild(PROBE_ROOT), { edit: (c) => void delete c.root.readonly, suffix: 'rw-root' });
      expect(outcome('runc run -d', s.start, { code: 0 })).toEqual([]);
      const findings = await WRITABLE_PATHS.check(s.container, s.ir, count);
      expect(findings).toEqual(['/etc', '/var/tmp', '/'].map((d) => expect.stringMatching(new RegExp(`^write in ${d.replace(/\//g, '\\/')}: want exit 1 printing errno=EROFS\\(30\\); it exited 0`))));
      await session.remove(s);
    });

    it('CAP_SYS_ADMIN added to the bounding set: the status check names CapBnd', async () => {
      const s = await session.start(mustBuild(PROBE_USER), {
        edit: (c) => void (c.process.capabilities = { ...c.process.capabilities, bounding: [...(c.process.capabilities?.bounding ?? []), 'CAP_SYS_ADMIN'] }),
        suffix: 'sys-admin',
      });
      expect(outcome('runc run -d', s.start, { code: 0 })).toEqual([]);
      const findings = await PROCESS_STATUS.check(s.container, s.ir, count);
      expect(findings).toEqual([expect.stringMatching(/^CapBnd is 0000000000200000, the policy gives 0000000000000000$/)]);
      await session.remove(s);
    });
  });

  it('a policy with neither command nor entrypoint: config.json has no process.args and runc refuses it until filled in (docs/mapping.md)', async () => {
    const built = mustBuild('examples/postgres.secpol');
    expect(built.ir.command ?? built.ir.entrypoint).toBeNull();
    expect((JSON.parse(built.files.get('config.json')!) as { process: { args?: string[] } }).process.args).toBeUndefined();
    count();
    const r = await session.runToExit(built, { keepArgsOut: true, suffix: 'no-args' });
    expect(outcome('runc run', r, { code: 1, err: /args must not be empty/ })).toEqual([]);
  });

  describe('the runc container matches the docker run container of the same policy', () => {
    const docker = new Session('oci');
    const observed = new Map<string, { status: ProcStatus; limits: Record<string, string> } | Error>();

    beforeAll(async () => {
      await Promise.all(
        longRunning.map(async (policy) => {
          const built = mustBuild(policy);
          const rlimits = (JSON.parse(built.files.get('config.json')!) as { process: { rlimits?: { type: string }[] } }).process.rlimits ?? [];
          const d = await docker.dockerRun(built, { suffix: `agree-${built.ir.name}` });
          try {
            const failed = outcome(`docker run ${policy}`, d.start, { code: 0 });
            if (failed.length > 0) throw new Error(failed.join('\n'));
            countProbe('docker', 2);
            observed.set(policy, { status: await procStatus(d.container), limits: await limitRows(d.container, rlimits) });
          } catch (e) {
            observed.set(policy, e as Error);
          } finally {
            await docker.remove(d);
          }
        }),
      );
    });
    afterAll(() => docker.cleanup());

    it.each(longRunning)('%s: /proc/1/status (CapEff, CapBnd, CapPrm, CapInh, CapAmb, NoNewPrivs, Seccomp) and the rlimits set are equal', async (policy) => {
      const o = observed.get(policy);
      if (!o || o instanceof Error) throw o ?? new Error(`${policy} was not observed on docker`);
      const s = container(policy);
      const rlimits = (JSON.parse(mustBuild(policy).files.get('config.json')!) as { process: { rlimits?: { type: string }[] } }).process.rlimits ?? [];
      count();
      count();
      const [status, limits] = [await procStatus(s.container), await limitRows(s.container, rlimits)];
      expect(status).toEqual(o.status);
      expect(limits).toEqual(o.limits);
      expect(securityFindings(status, s.ir)).toEqual([]);
      expect(Object.values(limits)).not.toContain('missing');
    });
  });
});
