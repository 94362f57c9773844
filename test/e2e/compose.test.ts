/**
 * The Compose route on the real engine: each policy's `compose.yaml` is brought up with
 * `docker-compose -p PROJECT up -d` (docker-compose 1.29) from its artifact folder, where the file's
 * `seccomp=./NAME.seccomp.json` is read, and the container is probed from inside exactly as the
 * `docker run` route's is (the checks live in test/support/containers.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countProbe, PROBE_IN_GUEST, requireEngine } from '../support/engines.js';
import {
  EXAMPLE_POLICIES,
  FIXTURE_POLICIES,
  PROBE_CARVE_CHECKS,
  PROBE_FILTERS_CHECKS,
  PROBE_ROOT_CHECKS,
  PROBE_USER_CHECKS,
  PROCESS_STATUS,
  Session,
  composeWith,
  inspect,
  mustBuild,
  outcome,
  startFindings,
  waitExit,
  type Started,
} from '../support/containers.js';

const ROUTE = 'compose';
const count = () => countProbe(ROUTE);
const PROBE_ROOT = 'test/e2e/fixtures/probe-root.secpol';
const PROBE_USER = 'test/e2e/fixtures/probe-user.secpol';
const PROBE_FILTERS = 'test/e2e/fixtures/probe-filters.secpol';
/** In a subfolder that the suites reading every fixture skip (see its header): started here with the rest. */
const PROBE_CARVE = 'test/e2e/fixtures/carve/probe-carve.secpol';

describe.skipIf(requireEngine('compose').skip)('Compose: compose.yaml with docker-compose 1.29 on Docker 20.10', () => {
  const session = new Session('compose');
  const policies = [...EXAMPLE_POLICIES, ...FIXTURE_POLICIES, PROBE_CARVE];
  const started = new Map<string, Started>();
  const container = (policy: string): Started => {
    const s = started.get(policy);
    if (!s) throw new Error(`${policy} was not started`);
    return s;
  };

  beforeAll(async () => {
    // One project per policy, probed many times; their host ports differ, so they come up side by side.
    await Promise.all(policies.map(async (p) => started.set(p, await session.composeUp(mustBuild(p)))));
  });
  afterAll(() => session.cleanup());

  describe('every example (with its stand-in image) and every fixture comes up and runs its command', () => {
    it.each(policies)('%s', async (policy) => {
      expect(await startFindings(container(policy), count)).toEqual([]);
    });
  });

  describe('probe-root: allows what the policy allows, refuses the rest', () => {
    // Frees its host port for the short-lived projects of the same policy below.
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

  describe('short-lived projects of probe-root', () => {
    const built = mustBuild(PROBE_ROOT);

    it('mem_limit OOM-kills an allocation beyond it', async () => {
      const limitMiB = built.ir.limits.memoryBytes! / 2 ** 20;
      const override = composeWith(built, (service) => {
        service.command = [PROBE_IN_GUEST, 'alloc', String(3 * limitMiB)];
      });
      const s = await session.composeUp(built, { override, suffix: 'oom' });
      expect(outcome('docker-compose up', s.start, { code: 0 })).toEqual([]);
      count();
      const code = await waitExit(s.container);
      expect({ code, oomKilled: (await inspect(s.container)).State.OOMKilled }).toEqual({ code: 137, oomKilled: true });
      await session.remove(s);
    });

    it('the capability check catches a compose.yaml without cap_drop: [ALL]', async () => {
      const override = composeWith(built, (service) => {
        expect(service.cap_drop).toEqual(['ALL']);
        delete service.cap_drop;
      });
      const s = await session.composeUp(built, { override, suffix: 'no-cap-drop' });
      expect(outcome('docker-compose up', s.start, { code: 0 })).toEqual([]);
      const findings = await PROCESS_STATUS.check(s.container, built.ir, count);
      expect(findings.map((f) => f.split(' ')[0])).toEqual(expect.arrayContaining(['CapPrm', 'CapEff', 'CapBnd']));
      await session.remove(s);
    });
  });
});
