/**
 * The `audit` recorder: `docker run` with the recording variant's seccomp profile (default action
 * `log`), every call then logged by the kernel as an audit record (type 1326) that is read from
 * /dev/kmsg while the workload runs. The kernel rate-limits those lines, so `kernel.printk_ratelimit`
 * is set to 0 for the run and restored afterwards, also on an error or Ctrl-C. Records the reader
 * missed (the ring buffer overran it) are counted as lost, and learn refuses the recording.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyIR } from '../compiler/ir.js';
import { emitAll } from '../emitters/index.js';
import { imageConfig } from './learn-bundle.js';
import { driveWorkload, findProgram, howItEnded, LearnFailure, listenPorts, onInterrupt, requireRoot, runProgram, sleep, tail, waitUntilUp, type Drive } from './learn-process.js';

const RATELIMIT = '/proc/sys/kernel/printk_ratelimit';
const ACTIONS_LOGGED = '/proc/sys/kernel/seccomp/actions_logged';

/** The kernel log lines of the run, and how many records the reader knows it missed. */
export interface AuditRun {
  readonly text: string;
  readonly lost: number;
}

/**
 * The kernel log of the run, read from /dev/kmsg by `cat` (a blocking reader that keeps pace with a
 * burst of records; the ring buffer may hold only a few hundred) into a file, between two marker
 * lines written to /dev/kmsg. Each /dev/kmsg record is `PRIO,SEQ,TIME,FLAGS;TEXT`: a jump in SEQ, or
 * `cat` ending early (the kernel's EPIPE: the reader was overrun), means records were lost.
 */
class KmsgReader {
  private readonly file: string;
  private readonly marker: string;
  private cat: ReturnType<typeof spawn> | undefined;
  private ended: string | null = null;

  constructor(dir: string, name: string) {
    this.file = join(dir, 'kmsg.txt');
    this.marker = `secpol-learn: ${name}`;
  }

  /** Starts reading and returns once the start marker is in the file. */
  async start(): Promise<void> {
    const out = openSync(this.file, 'w');
    this.cat = spawn('cat', ['/dev/kmsg'], { stdio: ['ignore', out, 'pipe'] });
    closeSync(out);
    let err = '';
    this.cat.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
    this.cat.on('exit', (code, signal) => (this.ended = signal ? `killed by ${signal}` : `exit status ${code}${err ? `: ${err.trim()}` : ''}`));
    this.cat.on('error', (e) => (this.ended = e.message));
    try {
      writeFileSync('/dev/kmsg', `${this.marker} begins\n`);
    } catch (e) {
      throw new LearnFailure(`cannot write to the kernel log (/dev/kmsg): ${(e as Error).message}`, 'the audit recorder reads seccomp records from it; use --recorder strace');
    }
    await this.waitFor(`${this.marker} begins`);
  }

  private async waitFor(line: string): Promise<void> {
    const until = Date.now() + 10_000;
    while (!readText(this.file).includes(line)) {
      if (this.ended !== null) throw new LearnFailure(`reading the kernel log (/dev/kmsg) stopped: ${this.ended}`, 'use --recorder strace');
      if (Date.now() > until) throw new LearnFailure('the kernel log (/dev/kmsg) did not show secpol learn\'s marker line within 10s', 'use --recorder strace');
      await sleep(50);
    }
  }

  /** Stops reading (after the end marker) and returns the lines between the markers and how many records were lost. */
  async stop(): Promise<{ text: string; lost: number }> {
    writeFileSync('/dev/kmsg', `${this.marker} ends\n`);
    await this.waitFor(`${this.marker} ends`);
    const overrun = this.ended !== null;
    this.kill();
    const lines = readText(this.file).split('\n');
    const from = lines.findIndex((l) => l.includes(`${this.marker} begins`));
    const to = lines.findIndex((l) => l.includes(`${this.marker} ends`));
    const window = lines.slice(from + 1, to);
    let lost = overrun ? 1 : 0;
    let last = Number(lines[from]!.split(',')[1]);
    for (const l of [...window, lines[to]!]) {
      const seq = Number(l.split(',')[1]);
      if (Number.isInteger(seq) && seq > last + 1) lost += seq - last - 1;
      if (Number.isInteger(seq)) last = seq;
    }
    return { text: window.join('\n') + '\n', lost };
  }

  /** Ends the reader (by its pid) if it still runs. */
  kill(): void {
    if (this.cat && this.cat.exitCode === null && this.cat.signalCode === null) this.cat.kill('SIGKILL');
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Runs the workload with `docker run` and the logging profile, drives it, and returns the kernel's records of it. */
export async function recordWithAudit(ir: PolicyIR, variant: PolicyIR, drive: Drive): Promise<AuditRun> {
  requireRoot('audit');
  const env = drive.env;
  const docker = findProgram('docker', env, 'to run the workload (the audit recorder uses `docker run`)');
  const nsenter = findProgram('nsenter', env, "to run --exercise commands in the workload's network namespace");
  let logged = '';
  try {
    logged = readFileSync(ACTIONS_LOGGED, 'utf8');
  } catch {
    throw new LearnFailure(`this kernel has no ${ACTIONS_LOGGED}: it cannot log seccomp actions`, 'use --recorder strace', 2);
  }
  if (!logged.split(/\s+/).includes('log'))
    throw new LearnFailure(`the kernel does not log seccomp's \`log\` action (${ACTIONS_LOGGED}: ${logged.trim()})`, `add it: \`echo '${logged.trim()} log' > ${ACTIONS_LOGGED}\`, or use --recorder strace`, 2);
  await imageConfig(docker, ir.image);

  const dir = mkdtempSync(join(tmpdir(), 'secpol-learn-'));
  const name = `secpol-learn-${process.pid}-${ir.name}`.slice(0, 60);
  const { interrupted, off } = onInterrupt();
  const before = readFileSync(RATELIMIT, 'utf8').trim();
  let reader: KmsgReader | undefined;
  try {
    // The artifacts of the recording variant: its seccomp profile and its docker run argv. No
    // published port (an exercise reaches the workload inside its network namespace) and no AppArmor
    // profile (it would have to be loaded; it does not change the calls made).
    for (const a of emitAll(variant, ['seccomp', 'docker-run'], { securityModules: [] })) {
      mkdirSync(join(dir, a.path, '..'), { recursive: true });
      writeFileSync(join(dir, a.path), a.content);
    }
    const argv = JSON.parse(readFileSync(join(dir, 'docker-run.json'), 'utf8')) as string[];
    if (argv[0] !== 'docker' || argv[1] !== 'run' || argv[2] !== '--name') throw new Error('docker-run.json does not start with `docker run --name`');
    const args = ['run', '-d', '--name', name, ...argv.slice(4)];

    writeFileSync(RATELIMIT, '0\n');
    drive.say(`kernel.printk_ratelimit set to 0 for the recording (was ${before}); it is restored when learn ends`);
    reader = new KmsgReader(dir, name);
    await reader.start();
    drive.say(`recording with the kernel's audit records: docker run … ${ir.image}`);
    const started = await runProgram(docker, args, { cwd: dir, env, timeoutMs: 120_000 });
    if (started.code !== 0) throw new LearnFailure(`the workload did not start: docker run ${howItEnded(started, 120)}:\n${tail(started.stderr)}`, 'check the policy\'s image, command and mounts');
    const pid = Number((await runProgram(docker, ['inspect', '-f', '{{.State.Pid}}', name])).stdout.trim());
    const exited = async (): Promise<string | null> => {
      const s = await runProgram(docker, ['inspect', '-f', '{{.State.Running}} {{.State.ExitCode}}', name]);
      if (s.stdout.startsWith('true')) return null;
      const logs = await runProgram(docker, ['logs', '--tail', '20', name]);
      return `exit status ${s.stdout.trim().split(' ')[1] ?? '?'}; its last output:\n${tail(logs.stdout + logs.stderr)}`;
    };
    let ended = pid > 0 ? null : await exited();
    const poll = setInterval(() => void exited().then((e) => (ended ??= e)), 300);
    try {
      if (ended === null) await waitUntilUp(pid, listenPorts(ir), drive.readyTimeoutS, () => ended);
      else throw new LearnFailure(`the workload exited at once: ${ended}`, 'run it without secpol learn to see why it stops');
      drive.say(`the workload is up (pid ${pid})`);
      await driveWorkload(drive, nsenter, pid, (cmd) => runProgram(docker, ['exec', name, '/bin/sh', '-c', cmd], { env, timeoutMs: drive.commandTimeoutS * 1000 }), interrupted, () => ended);
    } finally {
      clearInterval(poll);
    }
    drive.say('stopping the workload (SIGTERM; its shutdown is recorded too)');
    await runProgram(docker, ['stop', '-t', '10', name], { timeoutMs: 60_000 });
    return await reader.stop();
  } finally {
    off();
    reader?.kill();
    writeFileSync(RATELIMIT, `${before}\n`);
    drive.say(`kernel.printk_ratelimit restored to ${before}`);
    await runProgram(docker, ['rm', '-f', name], { timeoutMs: 60_000 });
    rmSync(dir, { recursive: true, force: true });
  }
}
