/**
 * The `strace` recorder (the default): the recording variant's config.json in a bundle whose root
 * file system is the policy's image, run with `runc run` under `strace -f` on the host. strace sees
 * every call of every process with its arguments, has no rate limit and changes no kernel setting;
 * src/learn/ parseStrace keeps the workload's own processes (from the execve of its program or of an
 * `--exec`'s shell), not runc's.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Arch, PolicyIR } from '../compiler/ir.js';
import type { Recording } from '../learn/index.js';
import { makeBundle } from './learn-bundle.js';
import { driveWorkload, findProgram, LearnFailure, listenPorts, onInterrupt, requireRoot, runProgram, sleep, tail, waitUntilUp, type Drive } from './learn-process.js';

/** One raw trace (of `runc run`, or of one `runc exec`), and the programs whose execve makes a process the workload's. */
export interface StraceTrace {
  readonly text: string;
  readonly programs: readonly string[];
}

/** The shell an `--exec` runs under, as Docker's CMD-SHELL health checks do. */
export const EXEC_SHELL = '/bin/sh';

/**
 * Runs `variant` (the recording variant of the policy `ir`) under strace and drives it. `ir` gives
 * the ports to wait for; the bundle is made from the variant, without published ports or an AppArmor
 * profile (neither changes the calls the workload makes).
 */
export async function recordWithStrace(ir: PolicyIR, variant: PolicyIR, drive: Drive): Promise<StraceTrace[]> {
  requireRoot('strace');
  const env = drive.env;
  const runc = findProgram('runc', env, 'to run the workload (the strace recorder runs its config.json)');
  const strace = findProgram('strace', env, 'to record the workload');
  const docker = findProgram('docker', env, "to export the image's file system for the bundle");
  const nsenter = findProgram('nsenter', env, 'to run --exercise commands in the workload\'s network namespace');

  const dir = mkdtempSync(join(tmpdir(), 'secpol-learn-'));
  const id = `secpol-learn-${process.pid}-${ir.name}`.slice(0, 60);
  const { interrupted, off } = onInterrupt();
  let child: ReturnType<typeof spawn> | undefined;
  try {
    drive.say(`making a bundle from ${ir.image}`);
    const bundle = await makeBundle(docker, variant, dir);
    if (drive.execs.length > 0 && !bundle.hasShell) throw new LearnFailure(`--exec needs ${EXEC_SHELL} in the image \`${ir.image}\`, and it has none`, 'drive the workload with --exercise from the host instead', 2);
    const trace = join(dir, 'trace.txt');
    const log = join(dir, 'workload.log');
    const out = openSync(log, 'w');
    drive.say(`recording with strace: runc run ${bundle.args.join(' ')}`);
    // Its own session: a Ctrl-C in the terminal reaches secpol only, which then stops the run in order.
    const traced = (output: string): string[] => ['-f', '-qq', '-X', 'raw', '-s', '4096', '--pidns-translation', '-o', output, runc];
    child = spawn(strace, [...traced(trace), 'run', '--bundle', bundle.dir, id], { stdio: ['ignore', out, out], detached: true });
    closeSync(out);
    let ended: string | null = null;
    child.on('exit', (code, signal) => (ended = signal ? `killed by ${signal}` : `exit status ${code}`));
    child.on('error', (e) => (ended = e.message));
    const exited = (): string | null => (ended === null ? null : `${ended}; its last output:\n${tail(readLog(log))}`);

    const pid = await containerPid(runc, id, drive.readyTimeoutS, exited);
    await waitUntilUp(pid, listenPorts(ir), drive.readyTimeoutS, exited);
    drive.say(`the workload is up (pid ${pid})`);
    // An exec is not a child of the traced `runc run`: each is traced on its own, into its own file.
    const execTraces: string[] = [];
    const execIn = (cmd: string) => {
      const output = join(dir, `trace-exec-${execTraces.length}.txt`);
      execTraces.push(output);
      return runProgram(strace, [...traced(output), 'exec', id, EXEC_SHELL, '-c', cmd], { env, timeoutMs: drive.commandTimeoutS * 1000 });
    };
    await driveWorkload(drive, nsenter, pid, execIn, interrupted, exited);

    drive.say('stopping the workload (SIGTERM; its shutdown is recorded too)');
    await runProgram(runc, ['kill', id, 'TERM'], { timeoutMs: 30_000 });
    if (!(await exitedWithin(() => ended !== null, 10_000))) {
      await runProgram(runc, ['kill', '--all', id, 'KILL'], { timeoutMs: 30_000 });
      await exitedWithin(() => ended !== null, 10_000);
    }
    // Each trace starts at its own runc process: they are parsed one by one, then merged.
    return [{ text: readLog(trace), programs: [bundle.program] }, ...execTraces.map((f) => ({ text: readLog(f), programs: [EXEC_SHELL] }))];
  } finally {
    off();
    await runProgram(runc, ['delete', '--force', id], { timeoutMs: 30_000 });
    if (child && child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function exitedWithin(done: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) return false;
    await sleep(100);
  }
  return true;
}

/** The container's init pid once runc reports it running. */
async function containerPid(runc: string, id: string, timeoutS: number, exited: () => string | null): Promise<number> {
  const until = Date.now() + timeoutS * 1000;
  for (;;) {
    const ended = exited();
    if (ended !== null) throw new LearnFailure(`the workload did not start: runc ended with ${ended}`, 'check the policy\'s command, user and mounts; `secpol build` then `runc run` shows the same');
    const state = await runProgram(runc, ['state', id], { timeoutMs: 10_000 });
    if (state.code === 0) {
      const s = JSON.parse(state.stdout) as { status: string; pid: number };
      if (s.status === 'running' && s.pid > 0) return s.pid;
    }
    if (Date.now() > until) throw new LearnFailure(`the workload did not start within ${timeoutS}s`, 'raise --ready-timeout if it is slow to start');
    await sleep(100);
  }
}
