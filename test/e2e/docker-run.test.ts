/**
 * The `docker run` route on the real Docker engine: each policy's `docker-run.txt` is run by `sh`
 * from its artifact folder (only `-d`, the container's name and a label are changed), and the
 * container is probed from inside with /bin/secpol-probe. Every check is also shown to catch a
 * deliberately broken artifact, so a green run means the artifacts are enforced, not that the
 * checks are blind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countProbe, PROBE_IN_GUEST, requireEngine } from '../support/engines.js';
import {
  DENIED_WITH_ERRNO,
  EXAMPLE_POLICIES,
  FIXTURE_POLICIES,
  KILLED_BY_RULE,
  PROBE_CARVE_CHECKS,
  PROBE_FILTERS_CHECKS,
  PROBE_ROOT_CHECKS,
  PROBE_USER_CHECKS,
  PROCESS_STATUS,
  ROOT_WITHOUT_DAC_OVERRIDE,
  Session,
  inspect,
  mustBuild,
  outcome,
  shellLine,
  startFindings,
  waitExit,
  withCommand,
  type Started,
} from '../support/containers.js';

const ROUTE = 'docker';
const count = () => countProbe(ROUTE);
const PROBE_ROOT = 'test/e2e/fixtures/probe-root.secpol';
const PROBE_USER = 'test/e2e/fixtures/probe-user.secpol';
const PROBE_FILTERS = 'test/e2e/fixtures/probe-filters.secpol';
/** In a subfolder that the suites reading every fixture skip (see its header): started here with the rest. */
const PROBE_CARVE = 'test/e2e/fixtures/carve/probe-carve.secpol';

describe.skipIf(requireEngine('docker').skip)('docker run: docker-run.txt through sh on Docker 20.10', () => {
  const session = new Session('run');
  const policies = [...EXAMPLE_POLICIES, ...FIXTURE_POLICIES, PROBE_CARVE];
  const started = new Map<string, Started>();
  const container = (policy: string): Started => {
    const s = started.get(policy);
    if (!s) throw new Error(`${policy} was not started`);
    return s;
  };

  beforeAll(async () => {
    // One container per policy, started once and probed many times; their host ports differ
    // (the examples' 8080, 8443, 5432 and the fixtures' 18080 and 18081), so they start side by side.
    await Promise.all(policies.map(async (p) => started.set(p, await session.dockerRun(mustBuild(p)))));
  });
  afterAll(() => session.cleanup());

  describe('every example (with its stand-in image) and every fixture starts and runs its command', () => {
    it.each(policies)('%s', async (policy) => {
      expect(await startFindings(container(policy), count)).toEqual([]);
    });
  });

  describe('probe-root: allows what the policy allows, refuses the rest', () => {
    // Frees its host port for the short-lived containers of the same policy below.
    afterAll(() => session.remove(container(PROBE_ROOT)));
    for (const check of PROBE_ROOT_CHECKS)
      it(check.name, async () => {
        const s = container(PROBE_ROOT);
        expect(await check.check(s.container, s.ir, count)).toEqual([]);
      });
  });

  describe('probe-user: a non-root user without capabilities', () => {
    for (const check of PROBE_USER_CHECKS)
      it(check.name, async () => {
        const s = container(PROBE_USER);
        expect(await check.check(s.container, s.ir, count)).toEqual([]);
      });
  });

  describe('probe-filters: a non-root user past whose filter conditions, protocols and mounts the probes try to get', () => {
    for (const check of PROBE_FILTERS_CHECKS)
      it(check.name, async () => {
        const s = container(PROBE_FILTERS);
        expect(await check.check(s.container, s.ir, count)).toEqual([]);
      });
  });

  describe('probe-carve: root with NET_RAW, AF_PACKET carved out of its socket grants by a conditional deny', () => {
    for (const check of PROBE_CARVE_CHECKS)
      it(check.name, async () => {
        const s = container(PROBE_CARVE);
        expect(await check.check(s.container, s.ir, count)).toEqual([]);
      });
  });

  describe('short-lived containers of probe-root', () => {
    const built = mustBuild(PROBE_ROOT);

    it('the memory limit OOM-kills an allocation beyond it', async () => {
      const limitMiB = built.ir.limits.memoryBytes! / 2 ** 20;
      // The same line with the command replaced: the probe is pid 1 and allocates 3× the limit.
      const s = await session.dockerRun(built, { override: withCommand(built, [PROBE_IN_GUEST, 'alloc', String(3 * limitMiB)]), suffix: 'oom' });
      expect(outcome('docker run', s.start, { code: 0 })).toEqual([]);
      count();
      const code = await waitExit(s.container);
      const state = (await inspect(s.container)).State;
      expect({ code, oomKilled: state.OOMKilled }).toEqual({ code: 137, oomKilled: true });
      await session.remove(s);
    });

    it('the same line with a small allocation ends with ok: the limit is what killed the big one', async () => {
      const s = await session.dockerRun(built, { override: withCommand(built, [PROBE_IN_GUEST, 'alloc', '8']), suffix: 'alloc-small' });
      expect(outcome('docker run', s.start, { code: 0 })).toEqual([]);
      count();
      expect(await waitExit(s.container)).toBe(0);
      await session.remove(s);
    });

    it('the capability check catches a docker-run.txt without --cap-drop ALL', async () => {
      const argv = JSON.parse(built.files.get('docker-run.json')!) as string[];
      // The project's quoting helper gives back the artifact exactly, so only the removal differs.
      expect(shellLine(argv)).toBe(built.files.get('docker-run.txt'));
      const at = argv.indexOf('--cap-drop');
      expect(argv.slice(at, at + 2)).toEqual(['--cap-drop', 'ALL']);
      const broken = argv.filter((_, i) => i !== at && i !== at + 1);
      const s = await session.dockerRun(built, {
        override: { 'docker-run.txt': shellLine(broken), 'docker-run.json': `${JSON.stringify(broken, null, 2)}\n` },
        suffix: 'no-cap-drop',
      });
      expect(outcome('docker run', s.start, { code: 0 })).toEqual([]);
      const findings = await PROCESS_STATUS.check(s.container, built.ir, count);
      expect(findings.map((f) => f.split(' ')[0])).toEqual(expect.arrayContaining(['CapPrm', 'CapEff', 'CapBnd']));
      // And by behaviour: with Docker's default set, root has CAP_DAC_OVERRIDE and writes the file.
      const behaviour = await ROOT_WITHOUT_DAC_OVERRIDE.check(s.container, built.ir, count);
      expect(behaviour.join('\n')).toMatch(/owned by 1234/);
      await session.remove(s);
    });

    it('the deny probes catch a seccomp profile without its errno and kill rules', async () => {
      const file = `${built.ir.name}.seccomp.json`;
      const profile = JSON.parse(built.files.get(file)!) as { syscalls: { names: string[]; action: string }[] };
      const kept = profile.syscalls.filter(
        (r) => !(r.action === 'SCMP_ACT_ERRNO' && r.names.includes('fchmodat')) && !(r.action === 'SCMP_ACT_KILL_PROCESS' && r.names.includes('ptrace')),
      );
      expect(profile.syscalls.length - kept.length).toBe(2);
      const s = await session.dockerRun(built, { override: { [file]: `${JSON.stringify({ ...profile, syscalls: kept }, null, 2)}\n` }, suffix: 'no-deny-rules' });
      expect(outcome('docker run', s.start, { code: 0 })).toEqual([]);
      // fchmodat now falls to the default (EPERM), ptrace too instead of killing.
      expect(await DENIED_WITH_ERRNO.check(s.container, built.ir, count)).toEqual([expect.stringMatching(/want exit 1 printing errno=EACCES\(13\).*errno=EPERM\(1\)/)]);
      expect(await KILLED_BY_RULE.check(s.container, built.ir, count)).toEqual([expect.stringMatching(/printing 159; it exited 0: \| 1$/)]);
      // Everything else about the container is as before.
      expect(await PROCESS_STATUS.check(s.container, built.ir, count)).toEqual([]);
      await session.remove(s);
    });
  });
});
