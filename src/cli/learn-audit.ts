/**
 * The `audit` recorder: `docker run` with the recording variant's seccomp profile (default action
 * `log`), every call then logged by the kernel as an audit record (type 1326) that is read from
 * /dev/kmsg while the workload runs. The kernel rate-limits those lines, so `kernel.printk_ratelimit`
 * is set to 0 for the run and restored afterwards, also on an error or Ctrl-C. Records the reader
 * missed (the ring buffer overran it) are counted as lost, and learn refuses the recording.
 */
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
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
 * Reads /dev/kmsg without blocking: each read is one record, `SEQ` its second field; a jump in SEQ
 * (or EPIPE, the kernel's word that the reader was overrun) means records were lost.
 */
class KmsgReader {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(16 * 1024);
  private lastSeq = -1;
  readonly lines: string[] = [];
  lost = 0;
  private keep = false;

  constructor() {
    try {
      // Non-blocking: a read at the end of the log says EAGAIN instead of waiting for a record.
      this.fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      throw new LearnFailure(`cannot read the kernel log (/dev/kmsg): ${(e as Error).message}`, 'the audit recorder reads seccomp records from it; use --recorder strace');
    }
    this.drain(); // what was logged before the run is read and dropped
    this.keep = true;
  }

  /** Reads every record available now. */
  drain(): void {
    for (;;) {
      let n: number;
      try {
        n = readSync(this.fd, this.buf, 0, this.buf.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return;
        if (code === 'EPIPE') {
          if (this.keep) this.lost += 1; // at least one; the SEQ jump below says how many
          continue;
        }
        throw e;
      }
      if (n === 0) return;
      const record = this.buf.toString('utf8', 0, n);
      const seq = Number(record.split(',')[1]);
      if (this.keep && this.lastSeq >= 0 && seq > this.lastSeq + 1) this.lost += seq - this.lastSeq - 1;
      this.lastSeq = seq;
      if (this.keep) this.lines.push(record.split('\n')[0]!);
    }
  }

  close(): void {
    closeSync(this.fd);
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
  let timer: NodeJS.Timeout | undefined;
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
    reader = new KmsgReader();
    const kmsg = reader;
    timer = setInterval(() => kmsg.drain(), 20);
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
    const poll = setInterval(() => void exited().then((e) => (ended = e)), 300);
    try {
      if (ended === null) await waitUntilUp(pid, listenPorts(ir), drive.readyTimeoutS, () => ended);
      else throw new LearnFailure(`the workload exited at once: ${ended}`, 'run it without secpol learn to see why it stops');
    } finally {
      clearInterval(poll);
    }
    drive.say(`the workload is up (pid ${pid})`);
    await driveWorkload(drive, nsenter, pid, (cmd) => runProgram(docker, ['exec', name, '/bin/sh', '-c', cmd], { env, timeoutMs: drive.commandTimeoutS * 1000 }), interrupted);
    drive.say('stopping the workload (SIGTERM; its shutdown is recorded too)');
    await runProgram(docker, ['stop', '-t', '10', name], { timeoutMs: 60_000 });
    await sleep(200);
    reader.drain();
    return { text: reader.lines.join('\n') + '\n', lost: reader.lost };
  } finally {
    off();
    if (timer) clearInterval(timer);
    reader?.close();
    writeFileSync(RATELIMIT, `${before}\n`);
    drive.say(`kernel.printk_ratelimit restored to ${before}`);
    await runProgram(docker, ['rm', '-f', name], { timeoutMs: 60_000 });
    rmSync(dir, { recursive: true, force: true });
  }
}
