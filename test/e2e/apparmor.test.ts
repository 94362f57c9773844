/**
 * The AppArmor route in a real AppArmor kernel: the profile emitted for every example, every
 * end-to-end fixture and a few targeted policies is loaded in one VM boot (test/support/apparmor-vm.ts)
 * and probed from inside it with /bin/secpol-probe. Each probe script runs twice in the same state,
 * unconfined (in the case's setup) and then confined by the profile, so every refusal is shown to come
 * from the profile and not from the VM's file system, whose root is writable. A deliberately broken
 * profile shows the checks can fail.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInAppArmorVM, type AppArmorCaseResult } from '../support/apparmor-vm.js';
import {
  EACCES,
  EINVAL_SYSCTL,
  EPERM,
  EXEC_REFUSED,
  OK,
  apparmorText,
  expected,
  parseProbeOutput,
  planFor,
  vmCase,
  type Outcome,
  type PlanExtras,
  type ProbePlan,
} from '../support/apparmor-probes.js';
import { build } from '../support/cases.js';
import { countProbe, requireEngine } from '../support/engines.js';
import { compileText } from '../support/harness.js';
import { repoRoot } from '../support/repo.js';
import { emitAll } from '../../src/emitters/index.js';

const ROUTE = 'apparmor-vm';
const IMAGE = 'secpol-test/busybox:1';

// Targeted policies: one property each, beyond what the examples show.
const TARGETED: Readonly<Record<string, string>> = {
  // Raw IP and packet sockets granted, with the capability both need.
  'raw-pinger': `workload raw-pinger {
  image "${IMAGE}"
  user root
  network { protocols raw, packet }
  capabilities { add NET_RAW }
}
`,
  // Raw sockets granted without NET_RAW: the network rule lets the request through, the profile's
  // missing `capability net_raw` refuses it (EPERM, not EACCES).
  'raw-nocap': `workload raw-nocap {
  image "${IMAGE}"
  user root
  network { protocols raw }
}
`,
  // Reads narrowed to two places: everything else (but the runtime's files) is refused.
  reader: `workload reader {
  image "${IMAGE}"
  filesystem {
    tmpfs /tmp size 4MiB
    read  /etc/app/**, /srv/data/report.txt
  }
}
`,
  // One writable file and no mounts, under a profile name of its own.
  'pid-writer': `workload pid-writer {
  image "${IMAGE}"
  apparmor-profile pid-writer-custom
  filesystem { write /var/run/app.pid }
}
`,
  // Deny paths inside a readable tree and inside a writable volume: deny wins over both.
  vault: `workload vault {
  image "${IMAGE}"
  filesystem {
    volume vault-data -> /data
    deny   /etc/secret/**, /data/secret/**
  }
}
`,
  // A writable root: writes anywhere, except the kernel interfaces the profile always guards.
  scratch: `workload scratch {
  image "${IMAGE}"
  filesystem { root writable }
}
`,
};

const EXTRAS: Readonly<Record<string, PlanExtras>> = {
  'examples/web.secpol': { reads: ['/etc/nginx/nginx.conf', '/usr/share/nginx/html/index.html'] },
  'examples/api.secpol': { reads: ['/etc/passwd'] },
  reader: { reads: ['/etc/passwd', '/etc/resolv.conf'] },
  'pid-writer': { reads: ['/etc/secpol-e2e/ordinary.conf'] },
  scratch: {
    probes: [
      // Outside /proc/PID, /proc/sys is writable only in kernel/shm*; the sysctl then rejects the
      // probe's text itself, so EINVAL there means AppArmor let the write through.
      { label: 'write /proc/sys/kernel/domainname', argv: ['write', '/proc/sys/kernel/domainname'], confined: EACCES, control: OK },
      { label: 'write /proc/sys/kernel/shmmax', argv: ['write', '/proc/sys/kernel/shmmax'], confined: EINVAL_SYSCTL, control: EINVAL_SYSCTL },
    ],
  },
};

/** The example and fixture policies, by path relative to the repository root. */
const policyFiles = (folder: string): string[] =>
  readdirSync(path.join(repoRoot, folder)).filter((f) => f.endsWith('.secpol')).sort().map((f) => `${folder}/${f}`);

function builtPlan(policy: string): ProbePlan {
  const built = build(policy);
  if (!built) throw new Error(`${policy} does not compile`);
  return planFor(policy, built.ir, apparmorText(built.files), EXTRAS[policy]);
}

function targetedPlan(key: string): ProbePlan {
  const result = compileText(TARGETED[key]!, {}, `${key}.secpol`);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.ir || errors.length > 0) throw new Error(`${key} does not compile: ${errors.map((d) => d.message).join('; ')}`);
  const files = new Map(emitAll(result.ir).map((a) => [a.path, a.content]));
  return planFor(key, result.ir, apparmorText(files), EXTRAS[key]);
}

const PLANS: readonly ProbePlan[] = [
  ...[...policyFiles('examples'), ...policyFiles('test/e2e/fixtures')].map(builtPlan),
  ...Object.keys(TARGETED).map(targetedPlan),
];
const plan = (key: string): ProbePlan => {
  const p = PLANS.find((x) => x.key === key);
  if (!p) throw new Error(`no plan ${key}`);
  return p;
};

// The deliberately broken profile: vault's, renamed, with the rule that lets it write below /data
// removed. The same script must now fail exactly the write inside /data.
const BROKEN_NAME = 'secpol-vault-broken';
const REMOVED_RULE = '  "/data/**" rwlk,\n';
const BROKEN: ProbePlan = (() => {
  const vault = plan('vault');
  const text = vault.profileText.replaceAll(`"${vault.profileName}"`, `"${BROKEN_NAME}"`).replace(REMOVED_RULE, '');
  return {
    ...vault,
    key: 'broken: vault without "/data/**" rwlk',
    profileName: BROKEN_NAME,
    profileText: text,
    probes: vault.probes.map((p) => (p.label === 'attr' ? { ...p, confined: `${BROKEN_NAME} (enforce)` } : p)),
  };
})();
const BROKEN_WRITE = 'write /data/secpol-e2e-w';

// On Debian-based images (nginx:1.27, postgres:16) /var/run is a symlink to /run: runc mounts the
// tmpfs the policy puts on /var/run where the link points, and AppArmor checks the resolved path
// (/run/…). The profile names both forms; these runs prove that writes through the link work, and
// the broken variant (the /run form removed) that without it they are refused. Run last: their
// setup turns the VM's /var/run into that symlink.
const SYMLINK_SETUP = 'rm -rf /var/run && mkdir -p /run/postgresql && ln -s /run /var/run';
const SYMLINK_WRITES: Readonly<Record<string, readonly string[]>> = {
  'examples/web.secpol': ['/var/run/nginx.pid', '/run/nginx.pid'],
  'examples/postgres.secpol': ['/var/run/postgresql/secpol-e2e-w', '/run/postgresql/secpol-e2e-w'],
  'pid-writer': ['/var/run/app.pid', '/run/app.pid'],
};
const symlinkPlan = (key: string, base: ProbePlan, writes: readonly string[], confinedOutcome: Outcome): ProbePlan => ({
  ...base,
  key,
  setup: SYMLINK_SETUP,
  probes: [
    ...base.probes.filter((p) => p.label === 'attr'),
    ...writes.map((w) => ({ label: `write ${w}`, argv: ['write', w], confined: confinedOutcome, control: OK })),
  ],
});
const SYMLINK_PLANS: readonly ProbePlan[] = Object.entries(SYMLINK_WRITES).map(([key, writes]) => symlinkPlan(`symlinked /var/run: ${key}`, plan(key), writes, OK));
// pid-writer's profile renamed and without its "/run/app.pid" rules: only the /var/run ones are left.
const SYMLINK_BROKEN_NAME = 'pid-writer-without-run-form';
const SYMLINK_BROKEN: ProbePlan = (() => {
  const base = plan('pid-writer');
  const kept = base.profileText.split('\n').filter((l) => !l.trimStart().startsWith('"/run/app.pid'));
  const text = kept.join('\n').replaceAll(base.profileName, SYMLINK_BROKEN_NAME);
  const broken = { ...base, profileName: SYMLINK_BROKEN_NAME, profileText: text };
  const p = symlinkPlan('broken: symlinked /var/run, pid-writer without the /run form', broken, SYMLINK_WRITES['pid-writer']!, EACCES);
  return { ...p, probes: p.probes.map((x) => (x.label === 'attr' ? { ...x, confined: `${SYMLINK_BROKEN_NAME} (enforce)` } : x)) };
})();

const ALL_PLANS: readonly ProbePlan[] = [...PLANS, BROKEN, ...SYMLINK_PLANS, SYMLINK_BROKEN];

describe.skipIf(requireEngine(ROUTE).skip)('AppArmor enforces the emitted profiles in a real AppArmor kernel', () => {
  let results: Map<string, AppArmorCaseResult>;
  const result = (name: string): AppArmorCaseResult => {
    const r = results.get(name);
    if (!r) throw new Error(`no result for ${name}`);
    return r;
  };
  const confined = (p: ProbePlan): Record<string, Outcome> => parseProbeOutput(result(p.key).output);
  const control = (p: ProbePlan): Record<string, Outcome> => parseProbeOutput(result(p.key).setupOutput);

  beforeAll(async () => {
    const started = Date.now();
    results = await runInAppArmorVM(ALL_PLANS.map((p) => vmCase(p)), { timeoutMs: 300_000 });
    const confinedProbes = ALL_PLANS.reduce((n, p) => n + p.probes.length, 0);
    countProbe(ROUTE, confinedProbes);
    console.log(
      `secpol: AppArmor VM boot + ${new Set(ALL_PLANS.map((p) => p.profileName)).size} profiles, ` +
        `${ALL_PLANS.length} runs, ${confinedProbes} confined probes and as many unconfined took ${Date.now() - started} ms`,
    );
  }, 360_000);

  it('loads every profile, runs every setup, and enters each profile in enforce mode', () => {
    for (const p of ALL_PLANS) {
      const r = result(p.key);
      expect(r.profileLoaded, `${p.key}: ${r.loadOutput}`).toBe(true);
      expect(r.loadOutput, p.key).toBe('');
      expect(r.setupExitCode, `${p.key}: ${r.setupOutput}`).toBe(0);
      expect(r.exitCode, `${p.key}: ${r.output}`).toBe(0);
      if (p.probes.some((x) => x.label === 'attr')) {
        expect(confined(p).attr, p.key).toBe(`${p.profileName} (enforce)`);
        expect(control(p).attr, p.key).toBe('unconfined');
      }
    }
  });

  describe('every probe returns what the profile allows, and the unconfined control run gets through', () => {
    it.each(PLANS.map((p) => [`${p.key} (${p.probes.length} probes)`, p] as const))('%s', (_name, p) => {
      expect(confined(p)).toEqual(expected(p, 'confined'));
      expect(control(p)).toEqual(expected(p, 'control'));
    });
  });

  it("refuses with AppArmor's EACCES exactly what the same script may do unconfined", () => {
    for (const p of PLANS) {
      const mine = confined(p);
      const free = control(p);
      const refused = p.probes.filter((x) => mine[x.label] === EACCES || mine[x.label] === EXEC_REFUSED);
      // At least mount and three more: writes outside the writable paths, or sockets not granted.
      expect(refused.length, p.key).toBeGreaterThanOrEqual(4);
      for (const x of refused) expect([EACCES, EXEC_REFUSED], `${p.key}: ${x.label} unconfined`).not.toContain(free[x.label]);
    }
  });

  it('refuses raw and packet sockets unless the policy grants them, and mount always', () => {
    for (const p of PLANS) {
      const mine = confined(p);
      const raw = p.key.startsWith('raw-') ? p.key : null;
      expect([p.key, mine['mount /mnt tmpfs']]).toEqual([p.key, EACCES]);
      expect([p.key, control(p)['mount /mnt tmpfs']]).toEqual([p.key, OK]);
      if (raw === null) expect([p.key, mine['socket inet raw'], mine['socket packet raw']]).toEqual([p.key, EACCES, EACCES]);
    }
    expect(confined(plan('raw-pinger'))).toMatchObject({ 'socket inet raw': OK, 'socket packet raw': OK });
    expect(confined(plan('raw-nocap'))).toMatchObject({ 'socket inet raw': EPERM, 'socket packet raw': EACCES });
  });

  it('writes inside every writable path and nowhere else on a read-only root', () => {
    const web = confined(plan('examples/web.secpol'));
    expect(web).toMatchObject({
      'write /etc/secpol-e2e-w': EACCES,
      'write /usr/secpol-e2e-w': EACCES,
      'write /secpol-e2e-w': EACCES,
      'write /tmp/secpol-e2e-w': OK,
      'write /var/cache/nginx/secpol-e2e-w': OK,
      'write /var/log/nginx/secpol-e2e-w': OK,
      'write /var/run/secpol-e2e-w': OK,
      'read /etc/nginx/nginx.conf': OK,
    });
    expect(confined(plan('pid-writer'))).toMatchObject({ 'write /var/run/app.pid': OK, attr: 'pid-writer-custom (enforce)' });
    expect(confined(plan('vault'))).toMatchObject({
      'write /data/secpol-e2e-w': OK,
      'write /data/secret/secpol-e2e/sample': EACCES,
      'read /etc/secret/secpol-e2e/sample': EACCES,
    });
    expect(confined(plan('scratch'))).toMatchObject({ 'write /etc/secpol-e2e-w': OK, 'write /proc/sys/kernel/domainname': EACCES });
  });

  it('narrows reads to the read rules, and exec to the exec rules', () => {
    expect(confined(plan('reader'))).toMatchObject({
      'read /etc/app/secpol-e2e/sample': OK,
      'read /srv/data/report.txt': OK,
      'read /etc/passwd': OK,
      'read /srv/secpol-e2e-unlisted/file': EACCES,
    });
    expect(confined(plan('examples/worker.secpol'))).toMatchObject({
      'read /jobs/secpol-e2e/sample': OK,
      'read /srv/secpol-e2e-unlisted/file': EACCES,
      'exec /bin/secpol-probe': EXEC_REFUSED,
    });
    expect(control(plan('examples/worker.secpol'))['exec /bin/secpol-probe']).toBe(OK);
  });

  it("denies the examples' kernel deny paths with EACCES where an unconfined read gets through", () => {
    expect(confined(plan('examples/web.secpol'))).toMatchObject({ 'read /proc/self/mem': EACCES, 'read /sys/firmware/memmap/0/type': EACCES });
    expect(control(plan('examples/web.secpol'))).toMatchObject({ 'read /proc/self/mem': 'errno=EIO(5)', 'read /sys/firmware/memmap/0/type': OK });
    expect(confined(plan('examples/worker.secpol'))).toMatchObject({ 'read /proc/kcore': EACCES });
    expect(control(plan('examples/worker.secpol'))).toMatchObject({ 'read /proc/kcore': OK });
  });

  it('catches a broken profile: without "/data/**" rwlk only the write inside /data fails', () => {
    const vault = plan('vault');
    expect(vault.profileText).toContain(REMOVED_RULE);
    expect(BROKEN.profileText).not.toContain(REMOVED_RULE);
    expect(confined(vault)[BROKEN_WRITE]).toBe(OK);
    const got = confined(BROKEN);
    const want = expected(BROKEN, 'confined');
    const differing = Object.keys(want).filter((label) => got[label] !== want[label]);
    expect(differing.map((label) => [label, got[label]])).toEqual([[BROKEN_WRITE, EACCES]]);
    expect(control(BROKEN)[BROKEN_WRITE]).toBe(OK);
  });

  it.each(SYMLINK_PLANS.map((p) => [p.key, p] as const))('%s: the declared paths stay writable through the /var/run -> /run symlink', (_name, p) => {
    expect(confined(p)).toEqual(expected(p, 'confined'));
    expect(control(p)).toEqual(expected(p, 'control'));
  });

  it('catches a profile without the /run form: the same writes through the symlink are refused', () => {
    expect(plan('pid-writer').profileText).toContain('"/run/app.pid" rwlk,');
    expect(SYMLINK_BROKEN.profileText).not.toContain('"/run/app.pid"');
    expect(SYMLINK_BROKEN.profileText).toContain('"/var/run/app.pid" rwlk,');
    expect(confined(SYMLINK_BROKEN)).toEqual(expected(SYMLINK_BROKEN, 'confined'));
    expect(confined(SYMLINK_BROKEN)['write /var/run/app.pid']).toBe(EACCES);
    expect(control(SYMLINK_BROKEN)['write /var/run/app.pid']).toBe(OK);
  });
});
