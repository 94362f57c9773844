/**
 * What `secpol learn`'s recorders share: finding the engines' programs, running them, failing with a
 * message a user can act on, waiting for a workload to listen, and driving it (an `--exercise` on the
 * host inside the workload's network namespace). Only the CLI touches processes; the pure stages of
 * src/learn/ get the recorded text.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyIR } from '../compiler/ir.js';

/** The exit code of a recorded run that failed (an engine, the workload, an exercise, the recording). */
export const RUN_FAILED = 4;

/** A recorded run that cannot go on: printed as `secpol: error: …` with a `help:` line, nothing written. */
export class LearnFailure extends Error {
  constructor(
    message: string,
    readonly help?: string,
    /** 2 for what the user must set up first (a missing program, not root), RUN_FAILED for the run itself. */
    readonly exitCode: number = RUN_FAILED,
  ) {
    super(message);
  }
}

/** The programs a recorder runs, found once per run. */
export type ProgramName = 'runc' | 'strace' | 'docker' | 'nsenter' | 'sh';

/** Environment variables that pin a program (as the end-to-end tests do); otherwise PATH finds it. */
const OVERRIDE: Record<ProgramName, string | null> = { runc: 'SECPOL_RUNC', strace: 'SECPOL_STRACE', docker: 'SECPOL_DOCKER', nsenter: 'SECPOL_NSENTER', sh: null };

/** The Debian package that holds each program, for the hint. */
const PACKAGE: Record<ProgramName, string> = { runc: 'runc', strace: 'strace', docker: 'docker.io', nsenter: 'util-linux', sh: 'dash' };

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of `name`: its SECPOL_* override, else the first executable on PATH; a usage failure when there is none. */
export function findProgram(name: ProgramName, env: Readonly<Record<string, string | undefined>>, why: string): string {
  const override = OVERRIDE[name];
  const pinned = override === null ? undefined : env[override];
  if (pinned) {
    if (executable(pinned)) return pinned;
    throw new LearnFailure(`\`${name}\` is needed ${why}, but ${override}=${pinned} is not an executable file`, `fix or unset ${override}`, 2);
  }
  for (const dir of (env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    if (dir === '') continue;
    const file = join(dir, name);
    if (executable(file)) return file;
  }
  throw new LearnFailure(`\`${name}\` is needed ${why}, but it is not on PATH`, `install it (Debian: \`apt-get install ${PACKAGE[name]}\`)`, 2);
}

/** Recording needs root: runc bundles, tracing, network namespaces and the kernel log are root's. */
export function requireRoot(recorder: string): void {
  if (process.getuid?.() !== 0)
    throw new LearnFailure(`the ${recorder} recorder needs root (it runs the workload on a real engine and records it from the host)`, 'run `secpol learn` as root, e.g. with sudo', 2);
}

/** How a finished command ended. */
export interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs `file args` without a shell and collects its output; a timeout kills only that child, by its pid. */
export function runProgram(file: string, args: readonly string[], opts: { timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(file, [...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => err.push(Buffer.from(`${e.message}\n`)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

/** The last `n` non-empty lines of `text`, indented, for an error's detail. */
export function tail(text: string, n = 10): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  return lines.length === 0 ? '  (no output)' : lines.slice(-n).map((l) => `  | ${l}`).join('\n');
}

/** How a command ended, in words. */
export function howItEnded(r: Ran, timeoutS: number): string {
  return r.timedOut ? `did not finish within ${timeoutS}s` : r.signal ? `was killed by ${r.signal}` : `exited with status ${r.code}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The TCP ports the policy publishes (inside the container): the sign that a server is up. */
export function listenPorts(ir: PolicyIR): number[] {
  return [...new Set(ir.network.ports.filter((p) => p.protocol === 'tcp').map((p) => p.containerPort))].sort((a, b) => a - b);
}

/** TCP ports in LISTEN state in the network namespace of `pid` (its /proc/PID/net/tcp and tcp6). */
function listening(pid: number): Set<number> {
  const ports = new Set<number>();
  for (const file of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    // sl local_address rem_address st …: st 0A is LISTEN; the port is the hex after the colon.
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && f[1]) ports.add(parseInt(f[1].split(':')[1] ?? '', 16));
    }
  }
  return ports;
}

/**
 * Waits until the workload listens on every port in `ports` (none: a short settle), failing when
 * `exited()` says it ended first (how, and its last output), or after `timeoutS`.
 */
export async function waitUntilUp(pid: number, ports: readonly number[], timeoutS: number, exited: () => string | null): Promise<void> {
  const until = Date.now() + timeoutS * 1000;
  for (;;) {
    const ended = exited();
    if (ended !== null) throw new LearnFailure(`the workload exited at once: ${ended}`, 'run it without secpol learn to see why it stops');
    const open = listening(pid);
    const waiting = ports.filter((p) => !open.has(p));
    if (waiting.length === 0) {
      if (ports.length > 0) return;
      // No port to wait for: a short settle, then the workload must still be running.
      await sleep(1000);
      const gone = exited();
      if (gone !== null) throw new LearnFailure(`the workload exited at once: ${gone}`, 'run it without secpol learn to see why it stops');
      return;
    }
    if (Date.now() > until)
      throw new LearnFailure(`the workload did not start: nothing listens on port ${waiting.join(', ')} after ${timeoutS}s`, 'check its command and its output above; the policy publishes these ports, so learn waits for them');
    await sleep(200);
  }
}

/** Runs one `--exercise` on the host inside the workload's network namespace (`nsenter --net`), so 127.0.0.1 reaches it. */
export async function runExercise(nsenter: string, pid: number, cmd: string, env: NodeJS.ProcessEnv, timeoutS: number): Promise<void> {
  const r = await runProgram(nsenter, [`--net=/proc/${pid}/ns/net`, 'sh', '-c', cmd], { env, timeoutMs: timeoutS * 1000 });
  if (r.code !== 0 || r.timedOut)
    throw new LearnFailure(`the exercise \`${cmd}\` ${howItEnded(r, timeoutS)}; its output:\n${tail(r.stdout + r.stderr)}`, 'an exercise must succeed against the running workload; try it by hand with `nsenter --net=/proc/PID/ns/net sh -c …`');
}

/** Fails on an `--exec` that did not succeed inside the workload. */
export function checkExec(cmd: string, r: Ran, timeoutS: number): void {
  if (r.code !== 0 || r.timedOut)
    throw new LearnFailure(`the exec \`${cmd}\` ${howItEnded(r, timeoutS)} inside the workload; its output:\n${tail(r.stdout + r.stderr)}`, 'an --exec command runs as `/bin/sh -c CMD` inside the container, like a health check, and must succeed');
}

/** What the user asked a recorder to do while the workload runs. */
export interface Drive {
  readonly exercises: readonly string[];
  readonly execs: readonly string[];
  /** Seconds to keep recording after the workload is up; null: until the exercises and execs are done (or Ctrl-C when there are none). */
  readonly durationS: number | null;
  /** Seconds to wait for the workload's published ports. */
  readonly readyTimeoutS: number;
  /** Seconds each exercise or exec may take. */
  readonly commandTimeoutS: number;
  readonly env: NodeJS.ProcessEnv;
  /** Progress lines (stderr). */
  readonly say: (line: string) => void;
}

/** Settle after the last exercise, so the workload finishes what the exercise started. */
const SETTLE_MS = 1000;

/**
 * Waits until `interrupted` fires, `untilMs` passes (null: no deadline) or the workload ends;
 * returns how it ended in the last case, else null.
 */
async function recordWhileRunning(interrupted: Promise<void>, untilMs: number | null, exited: () => string | null): Promise<string | null> {
  let stop = false;
  void interrupted.then(() => (stop = true));
  for (;;) {
    const ended = exited();
    if (ended !== null) return ended;
    if (stop || (untilMs !== null && Date.now() >= untilMs)) return null;
    await sleep(untilMs === null ? 200 : Math.max(0, Math.min(200, untilMs - Date.now())));
  }
}

/**
 * Drives a running workload: the exercises and execs in order, then waits for `--duration` (from
 * the moment it was up), or, with nothing to run and no duration, until Ctrl-C. A workload that
 * ends by itself while recorded ends the recording: with status 0 (a job that finished) it is
 * learned from; otherwise the run failed. `exited` says how it ended, or null while it runs.
 */
export async function driveWorkload(drive: Drive, nsenter: string, pid: number, execIn: (cmd: string) => Promise<Ran>, interrupted: Promise<void>, exited: () => string | null): Promise<void> {
  const upAt = Date.now();
  for (const cmd of drive.exercises) {
    drive.say(`exercise: ${cmd}`);
    await runExercise(nsenter, pid, cmd, drive.env, drive.commandTimeoutS);
  }
  for (const cmd of drive.execs) {
    drive.say(`exec: ${cmd}`);
    checkExec(cmd, await execIn(cmd), drive.commandTimeoutS);
  }
  let ended: string | null;
  if (drive.durationS !== null) ended = await recordWhileRunning(interrupted, upAt + drive.durationS * 1000, exited);
  else if (drive.exercises.length === 0 && drive.execs.length === 0) {
    drive.say('recording until Ctrl-C');
    ended = await recordWhileRunning(interrupted, null, exited);
  } else ended = await recordWhileRunning(interrupted, Date.now() + SETTLE_MS, exited);
  if (ended === null) return;
  if (!/^exit status 0(;|$)/.test(ended))
    throw new LearnFailure(`the workload exited while it was recorded: ${ended}`, 'run it without secpol learn to see why it stops');
  drive.say('the workload finished by itself (exit status 0); learning from what was recorded');
}

/** Resolves on the first SIGINT or SIGTERM while recording (the run is then stopped cleanly, and learning goes on); `off` removes the handlers. */
export function onInterrupt(): { interrupted: Promise<void>; off: () => void } {
  let fire: () => void = () => {};
  const interrupted = new Promise<void>((r) => (fire = r));
  const handler = (): void => fire();
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return { interrupted, off: () => (process.off('SIGINT', handler), process.off('SIGTERM', handler)) };
}
