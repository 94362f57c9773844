// `secpol learn`'s bad cases through the real command: each is one `secpol: error: …` with a
// `help:` line, a non-zero exit, no stack trace, and the policy file left as it was. The cases that
// reach an engine run it for real (busybox test image, runc), as root.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireEngine, TEST_IMAGE } from '../support/engines.js';
import { repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');

/** Writes `text` as a policy in a new folder and runs `secpol learn` on it. */
function learn(text: string, args: readonly string[] = [], env: Record<string, string> = {}, prefix: readonly string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'secpol-learn-cli-'));
  const file = join(dir, 'app.secpol');
  writeFileSync(file, text);
  chmodSync(dir, 0o755); // readable by the user a test runs secpol as
  const [cmd, ...pre] = prefix.length > 0 ? [...prefix, process.execPath] : [process.execPath];
  const r = spawnSync(cmd!, [...pre, bin, 'learn', 'app.secpol', '--write', ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, unchanged: readFileSync(file, 'utf8') === text };
}

const policy = (command: string, image = TEST_IMAGE): string => `workload app {\n  image "${image}"\n  command ${command}\n  user 101:101\n}\n`;
const SLEEPER = policy('"/bin/sleep" "60"');

/** The CLI's error shape, without a stack trace. */
function expectError(r: ReturnType<typeof learn>, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(/^secpol: error: /m);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/^help: .*nothing was written/m);
  expect(r.stderr).not.toMatch(/\n\s+at .*\.(c?js|ts):\d+/);
  expect(r.unchanged).toBe(true);
}

describe('secpol learn: errors before anything runs', () => {
  it('a policy that does not compile gets its diagnostics (file:line:col, code) and exit 1', () => {
    const r = learn('workload app {\n  image "x:1"\n  capabilities { add NET_BIND_SERVIC }\n}\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('app.secpol:3:22: error[E0301]');
    expect(r.stderr).toContain('nothing was recorded');
    expect(r.unchanged).toBe(true);
  });

  it('a --duration that is no number of seconds is a usage error', () => {
    const r = learn(SLEEPER, ['--duration', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('secpol: error: `--duration` takes a number of seconds, not `soon`\nhelp: e.g. `--duration 30`\n');
  });

  it('an unknown recorder is refused with the choices', () => {
    const r = learn(SLEEPER, ['--recorder', 'ptrace']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^secpol: error: option '--recorder <recorder>' argument 'ptrace' is invalid/);
  });

  it('not root: the recorder says it needs root (exit 2)', () => {
    // As root, the command runs as nobody (setpriv); as anyone else, as itself.
    const r = learn(SLEEPER, [], {}, process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : []);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('secpol: error: the strace recorder needs root');
  });

  it('a missing engine program is named, with its package (exit 2)', () => {
    const r = learn(SLEEPER, [], { SECPOL_RUNC: '/nonexistent/runc' });
    if (process.getuid?.() !== 0) return void expect(r.stderr).toContain('needs root');
    expectError(r, 2, /`runc` is needed to run the workload .*SECPOL_RUNC=\/nonexistent\/runc is not an executable file/);
  });
});

const runc = requireEngine('runc');
const docker = requireEngine('docker');

describe.skipIf(runc.skip || docker.skip)('secpol learn on the engines (the busybox test image)', () => {
  it('an image that is not in Docker\'s store (exit 4)', () => {
    expectError(learn(policy('"/bin/sleep" "60"', 'secpol-test/absent:1')), 4, /the image `secpol-test\/absent:1` is not in Docker's image store/);
  });

  it('a workload that exits at once shows its last output (exit 4)', () => {
    const r = learn(policy('"/bin/sh" "-c" "echo no config here >&2; exit 3"'));
    expectError(r, 4, /the workload (exited at once|did not start).*exit status 3/);
    expect(r.stderr).toContain('| no config here');
  });

  it('a workload that fails while it is recorded (no Ctrl-C needed) gives its exit status and output (exit 4)', () => {
    const r = learn(policy('"/bin/sh" "-c" "sleep 3; echo lost the database >&2; exit 6"'));
    expectError(r, 4, /the workload exited while it was recorded: exit status 6/);
    expect(r.stderr).toContain('| lost the database');
  });

  it('a job that finishes by itself while it is recorded is learned from and written', () => {
    const r = learn(policy('"/bin/sh" "-c" "sleep 3; echo done"'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('the workload finished by itself (exit status 0); learning from what was recorded');
    expect(r.unchanged).toBe(false);
  });

  it('an exercise that fails gives its exit status and output (exit 4)', () => {
    const r = learn(SLEEPER, ['--exercise', 'echo the exercise broke >&2; exit 7']);
    expectError(r, 4, /the exercise `echo the exercise broke >&2; exit 7` exited with status 7/);
    expect(r.stderr).toContain('| the exercise broke');
  });

  it('an --exec that fails inside gives its exit status and output (exit 4)', () => {
    const r = learn(SLEEPER, ['--exec', 'echo unhealthy; exit 5']);
    expectError(r, 4, /the exec `echo unhealthy; exit 5` exited with status 5 inside the workload/);
    expect(r.stderr).toContain('| unhealthy');
  });

  it('Ctrl-C while recording (no exercise given) stops the workload, learns from what was recorded and writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-learn-cli-'));
    writeFileSync(join(dir, 'app.secpol'), SLEEPER);
    const child = spawn(process.execPath, [bin, 'learn', 'app.secpol', '--write'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '' } });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (stderr.includes('recording until Ctrl-C')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('wrote app.secpol');
    expect(readFileSync(join(dir, 'app.secpol'), 'utf8')).toMatch(/\n {2}syscalls \{\n/);
  }, 120_000);

  it('the audit recorder sets kernel.printk_ratelimit to 0 for the run and restores it, and says so', () => {
    const before = readFileSync('/proc/sys/kernel/printk_ratelimit', 'utf8');
    const r = learn(SLEEPER, ['--recorder', 'audit', '--exec', 'echo healthy']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`kernel.printk_ratelimit set to 0 for the recording (was ${before.trim()})`);
    expect(r.stderr).toContain(`kernel.printk_ratelimit restored to ${before.trim()}`);
    expect(readFileSync('/proc/sys/kernel/printk_ratelimit', 'utf8')).toBe(before);
  }, 120_000);

  it('the audit recorder restores kernel.printk_ratelimit when the run fails too', () => {
    const before = readFileSync('/proc/sys/kernel/printk_ratelimit', 'utf8');
    expectError(learn(SLEEPER, ['--recorder', 'audit', '--exercise', 'exit 9']), 4, /the exercise `exit 9` exited with status 9/);
    expect(readFileSync('/proc/sys/kernel/printk_ratelimit', 'utf8')).toBe(before);
  }, 120_000);

  it('a workload that runs and is exercised is learned and written', () => {
    const r = learn(SLEEPER, ['--exec', 'echo healthy']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.unchanged).toBe(false);
    expect(r.stdout).toContain('wrote app.secpol');
  });
});
