import { beforeAll, describe, expect, it } from 'vitest';
import { caseArchive, newcArchive, parseConsole, runInAppArmorVM, type AppArmorCaseResult } from '../support/apparmor-vm.js';
import { countProbe, requireEngine } from '../support/engines.js';
import { run } from '../support/run.js';

// A hand-written profile in the shape secpol emits: reads under /etc/app, writes only under /data,
// /secret denied outright, and only `network inet stream` (so no raw sockets).
const PROFILE_NAME = 'secpol-vm-selftest';
const PROFILE = `abi <abi/3.0>,
#include <tunables/global>

profile ${PROFILE_NAME} flags=(attach_disconnected,mediate_deleted) {
  #include <abstractions/base>
  /bin/** mrix,
  /usr/bin/** mrix,
  /etc/app/** r,
  /data/ r,
  /data/** rw,
  deny /secret/** r,
  @{PROC}/@{pid}/attr/current r,
  network inet stream,
}
`;

const SETUP = [
  'mkdir -p /etc/app /secret /data',
  'echo app-config > /etc/app/config',
  'echo s3cr3t > /secret/data',
].join('\n');

const probe = (name: string, probeScript: string) => ({
  name,
  profileName: PROFILE_NAME,
  profileText: PROFILE,
  probeScript,
  setup: SETUP,
});

// A control profile that allows everything: the same probes succeed under it, so the refusals
// above come from the profile's rules and not from the VM's set-up.
const ALLOW_ALL_NAME = 'secpol-vm-allow-all';
const ALLOW_ALL = `abi <abi/3.0>,
profile ${ALLOW_ALL_NAME} {
  file,
  network,
  capability,
}
`;

const vm = requireEngine('apparmor-vm');

describe('the VM protocol (pure)', () => {
  it('pads names and data to 4 bytes and ends with the trailer', () => {
    const archive = newcArchive([{ path: 'a', mode: 0o100644, data: Buffer.from('xyz') }]);
    expect(archive.length % 4).toBe(0);
    expect(archive.subarray(0, 6).toString()).toBe('070701');
    expect(archive.toString('latin1')).toContain('TRAILER!!!\0');
  });

  it('decodes marked blocks and ignores terminal escapes and kernel noise', () => {
    // base64 wraps its output; a kernel line may land between two of its lines.
    const encoded = Buffer.from('line 1\n@@secpol end 000 rc=0@@\n').toString('base64');
    const text = [
      '\x1bc\x1b[?7l\x1b[2J@@secpol boot Y@@',
      '@@secpol load 000 rc=0@@', '@@secpol load-end@@',
      '@@secpol setup 000 rc=0@@', '@@secpol setup-end@@',
      '@@secpol begin 000@@', encoded.slice(0, 16), '[    3.1] audit: noise', encoded.slice(16),
      '@@secpol end 000 rc=7@@',
      '@@secpol done@@',
    ].join('\r\n');
    const report = parseConsole(text);
    expect(report.apparmorEnabled).toBe('Y');
    expect(report.done).toBe(true);
    const probeBlock = report.blocks.find((b) => b.kind === 'begin');
    expect(probeBlock).toBeDefined();
    expect(probeBlock?.rc).toBe(7);
    expect(probeBlock?.text).toBe('line 1\n@@secpol end 000 rc=0@@\n');
  });

  it('refuses two texts for one profile name', () => {
    expect(() => caseArchive([probe('a', 'true'), { ...probe('b', 'true'), profileText: ALLOW_ALL }])).toThrow(/two different texts/);
  });
});

describe.skipIf(vm.skip)("the VM's initramfs", () => {
  it('is newc that GNU cpio (installed with the VM) lists', async () => {
    const { archive } = caseArchive([probe('a case', 'true')]);
    const listed = await run('cpio', ['-it', '--quiet'], { input: archive });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')).toEqual(expect.arrayContaining(['init', 'dev/console', 'secpol/profiles/000', 'secpol/cases/000/probe.sh']));
  });
});

describe.skipIf(vm.skip)('the AppArmor VM enforces a profile', () => {
  let results: Map<string, AppArmorCaseResult>;
  const result = (name: string): AppArmorCaseResult => {
    const r = results.get(name);
    if (!r) throw new Error(`no result for ${name}`);
    return r;
  };

  beforeAll(async () => {
    const started = Date.now();
    results = await runInAppArmorVM([
      probe('denied read', 'cat /secret/data'),
      probe('allowed read and mode', 'cat /etc/app/config && cat /proc/self/attr/current'),
      probe('write outside writable paths', 'echo x > /etc/app/new'),
      probe('write inside a writable path', 'echo x > /data/new && echo wrote'),
      probe('raw socket', 'secpol-probe socket inet raw'),
      probe('stream socket', 'secpol-probe socket inet stream'),
      { ...probe('control: secret', 'cat /secret/data'), profileName: ALLOW_ALL_NAME, profileText: ALLOW_ALL },
      { ...probe('control: raw socket', 'secpol-probe socket inet raw'), profileName: ALLOW_ALL_NAME, profileText: ALLOW_ALL },
      { ...probe('a probe that hangs', 'echo started; sleep 600; echo never'), timeoutSeconds: 2 },
      probe('a probe that leaves a child behind', 'sleep 600 & echo left'),
      { ...probe('a profile that does not compile', 'cat /secret/data'), profileName: 'secpol-vm-broken', profileText: 'profile secpol-vm-broken {\n  /x rq,\n}\n' },
    ]);
    countProbe('apparmor-vm', results.size);
    console.log(`secpol: AppArmor VM boot + ${results.size} probes took ${Date.now() - started} ms`);
  }, 300_000);

  it('loads both profiles with apparmor_parser -r and runs the setup snippets', () => {
    for (const name of ['denied read', 'control: secret']) {
      expect(result(name).profileLoaded, result(name).loadOutput).toBe(true);
      expect(result(name).setupExitCode, result(name).setupOutput).toBe(0);
    }
  });

  it('kills a probe that outlives its time limit and still reports its output', () => {
    expect(result('a probe that hangs')).toMatchObject({ exitCode: 137, output: 'started\n' });
    expect(result('a probe that leaves a child behind')).toMatchObject({ exitCode: 0, output: 'left\n' });
  });

  it('never runs a probe unconfined when its profile failed to load', () => {
    const r = result('a profile that does not compile');
    expect(r.profileLoaded).toBe(false);
    expect(r.loadOutput).toMatch(/syntax error/);
    expect(r.exitCode).toBe(126);
    expect(r.output).not.toMatch(/s3cr3t/);
  });

  it('lets the allow-all control profile do what the test profile refuses', () => {
    expect(result('control: secret').output).toBe('s3cr3t\n');
    expect(result('control: raw socket').output).toBe('ok\n');
  });

  it('turns a denied read into Permission denied', () => {
    const r = result('denied read');
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toMatch(/Permission denied/);
    expect(r.output).not.toMatch(/s3cr3t/);
  });

  it('lets an allowed read through and shows the profile in enforce mode', () => {
    const r = result('allowed read and mode');
    expect(r.exitCode, r.output).toBe(0);
    expect(r.output).toContain('app-config');
    expect(r.output).toContain(`${PROFILE_NAME} (enforce)`);
  });

  it('refuses a write outside the writable paths and allows one inside', () => {
    const outside = result('write outside writable paths');
    expect(outside.exitCode).not.toBe(0);
    expect(outside.output).toMatch(/Permission denied/);
    const inside = result('write inside a writable path');
    expect(inside.exitCode, inside.output).toBe(0);
    expect(inside.output).toContain('wrote');
  });

  it('refuses a raw socket when the profile has no `network raw`', () => {
    expect(result('raw socket').output.trim()).toMatch(/^errno=EACCES\(13\)$/);
    expect(result('raw socket').exitCode).toBe(1);
    expect(result('stream socket').output.trim()).toBe('ok');
  });
});
