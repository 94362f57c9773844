// `secpol check` as CI runs it on a pull request whose policies are an attacker's: each hostile file
// fails at once with one clear diagnostic, prints little, and quotes nothing from a file that is not
// a policy. (The time limit on each run only detects a hang; speed is measured in scripts/bench.mjs.)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');
const dir = mkdtempSync(join(tmpdir(), 'secpol-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
const run = (args: string[], cwd = dir) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr, signal: r.signal };
};
const write = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return name;
};
const child = (name: string, base: string): string => write(name, `extends ${JSON.stringify(base)}\nworkload app {\n  image "busybox"\n}\n`);

write('fake.env', `AWS_ACCESS_KEY_ID=AKIAEXAMPLE\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`);
write('.npmrc', `//registry.example/:_authToken=${SECRET}\n`);
write('team/ok.secpol', 'workload ok {\n  image "busybox"\n}\n');

/** What every hostile case must show: exit 1 (or 2 for usage), a short output, nothing of the secret. */
function bounded(r: ReturnType<typeof run>, code: number): void {
  expect(r.signal, 'the run was killed: it hung').toBeNull();
  expect(r.code).toBe(code);
  expect(Buffer.byteLength(r.all)).toBeLessThan(4096);
  expect(r.all).not.toContain(SECRET);
  expect(r.all).not.toContain('root:x:');
  // eslint-disable-next-line no-control-regex
  expect(r.all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
}

describe('secpol check on hostile files', () => {
  it('refuses a secrets file named by `extends`, quoting nothing of it', () => {
    for (const base of ['./fake.env', './.npmrc']) {
      const r = run(['check', child(`env-${base.slice(2)}.secpol`, base)]);
      bounded(r, 1);
      expect(r.err).toContain(`error[E0707]: base \`${base}\` is not a secpol policy`);
    }
  });

  it('refuses /etc/passwd by absolute path, by `..` and through a symbolic link', () => {
    bounded(run(['check', child('abs.secpol', '/etc/passwd')]), 1);
    expect(run(['check', child('abs.secpol', '/etc/passwd')]).err).toContain('error[E0704]');
    const up = run(['check', child('team/up.secpol', '../../../../../../../../etc/passwd')]);
    bounded(up, 1);
    expect(up.err).toContain('error[E0705]');
    symlinkSync('/etc/passwd', join(dir, 'passwd.secpol'));
    const link = run(['check', child('link.secpol', './passwd.secpol')]);
    bounded(link, 1);
    expect(link.err).toContain('error[E0705]');
    expect(link.err).toContain('a link that leads out');
  });

  it('never blocks on a FIFO, nor reads a device that never ends', () => {
    execFileSync('mkfifo', [join(dir, 'fifo.secpol')]);
    const fifo = run(['check', child('fifo-base.secpol', './fifo.secpol')]);
    bounded(fifo, 1);
    expect(fifo.err).toContain('error[E0706]: base `./fifo.secpol` is a FIFO, not a policy file');
    bounded(run(['check', 'fifo.secpol']), 2);
    expect(run(['check', 'fifo.secpol']).err).toContain('`fifo.secpol` is a FIFO, not a policy file');
    // /dev/zero through a link, with the root opened to the whole machine: the device is refused unread.
    symlinkSync('/dev/zero', join(dir, 'zero.secpol'));
    const zero = run(['check', '--root', '/', child('zero-base.secpol', './zero.secpol')]);
    bounded(zero, 1);
    expect(zero.err).toContain('error[E0706]: base `./zero.secpol` is a character device, not a policy file');
  });

  it('reports a binary checked as a policy once, without its bytes', () => {
    const elf = readFileSync(process.execPath).subarray(0, 200_000);
    const r = run(['check', write('binary.secpol', elf)]);
    bounded(r, 1);
    expect(r.err).toContain('error[E0109]: `binary.secpol` is not a text policy: it holds a NUL byte');
    const latin1 = run(['check', write('latin1.secpol', Buffer.from('workload a {\n  image "caf\xe9"\n}\n', 'latin1'))]);
    bounded(latin1, 1);
    expect(latin1.err).toContain('it holds bytes that are not UTF-8');
    expect(run(['check', '--format', 'json', 'binary.secpol']).out).toContain('"code": "E0109"');
  });

  it('refuses a file over 1 MiB unread', () => {
    const r = run(['check', write('huge.secpol', `workload a {\n  image "busybox"\n}\n#${'x'.repeat(2 * 1024 * 1024)}\n`)]);
    bounded(r, 1);
    expect(r.err).toContain('error[E0108]: `huge.secpol` is larger than the 1 MiB a policy may be');
  });

  it('shows escape sequences in a policy as text, not to the terminal', () => {
    const r = run(['check', write('esc\u001b[2J.secpol', 'workload h {\n  image "busybox"\n  \u001b]0;pwned\u0007\n}\n')]);
    bounded(r, 1);
    expect(r.err).toContain('esc\\u{1b}[2J.secpol:3:3: error[E0101]: unexpected character `\\u{1b}`');
    expect(r.err).toContain('3 |   \\u{1b}]0;pwned\\u{7}');
  });

  it('caps the diagnostics of a file full of errors', () => {
    const r = run(['check', write('many.secpol', `workload a {\n  image "busybox"\n${Array.from({ length: 5000 }, (_, i) => `  bogus${i} 1\n`).join('')}}\n`)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('4950 more diagnostics in many.secpol not shown');
    expect(Buffer.byteLength(r.all)).toBeLessThan(32 * 1024);
  });

  it('accepts a byte-order mark', () => {
    const r = run(['check', write('bom.secpol', '\ufeffworkload a {\n  image "busybox"\n}\n')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('refuses an image reference Docker would refuse, however long, at its line', () => {
    const r = run(['check', write('image.secpol', `workload a {\n  image "${'a'.repeat(5 * 1024 * 1024 / 8)}"\n}\n`)]);
    bounded(r, 1);
    expect(r.err).toContain('image.secpol:2:9: error[E0508]: this is not an image reference Docker accepts: it is 655360 characters long');
  });
});

describe('secpol command lines that would silently do nothing', () => {
  it('`-t ""` (an empty targets variable) is a usage error for build, build --check and verify, and writes nothing', () => {
    for (const args of [['build', '-t', ''], ['build', '--check', '-t', ''], ['verify', '-t', ' , '], ['build', '--stdout', '-t', ',']]) {
      const r = run([...args, '-o', 'out', 'team/ok.secpol']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('secpol: error: `--target` names no target');
      expect(r.out).toBe('');
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a directory given as a policy names the policies in it', () => {
    const r = run(['check', 'team']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^secpol: error: `team` is a directory, not a policy file\nhelp: name the policies in it, e.g. `team\/ok.secpol`, .* \(or `team\/\*.secpol`\)\n$/);
  });

  it('a file named twice is compiled once, with a note', () => {
    const r = run(['build', '-o', 'twice', 'team/ok.secpol', './team/ok.secpol']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('secpol: note: `./team/ok.secpol` named more than once; each policy is compiled once\n');
    expect(readdirSync(join(dir, 'twice', 'ok')).sort()).toEqual(['compose.yaml', 'config.json', 'docker-run.json', 'docker-run.txt', 'ok.apparmor', 'ok.seccomp.json']);
  });
});
