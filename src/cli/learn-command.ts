/**
 * `secpol learn POLICY`: runs the policy's workload on a real engine in a recording variant (the
 * filter turned into a recorder, everything else as the policy says), drives it with the user's
 * `--exercise` (on the host, in its network namespace) and `--exec` (inside, like a health check)
 * commands, stops it, and turns what it called into the policy's `syscalls` section (src/learn/).
 * By default it prints the change as a diff and a summary; `--write` writes the policy, comments
 * and layout elsewhere kept. Exit codes: 0 done, 1 the policy has errors, 2 usage errors (a missing
 * program, not root), 4 the recorded run failed (the workload did not start, an exercise failed,
 * records lost, nothing observed). Nothing is written unless everything succeeded.
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { paint as ansi } from '../compiler/diagnostics/render.js';
import { applyLearned, IncompleteRecordingError, learnSummary, learnSyscalls, mergeRecordings, parseAuditLog, parseStrace, recordingVariant, type LearnResult, type Recording, type RecorderName } from '../learn/index.js';
import { unifiedHunks } from '../review/line-diff.js';
import { stderrColor, stdoutColor } from './color.js';
import type { ExitWith } from './exit.js';
import { fsHost } from './fs-host.js';
import type { Io } from './io.js';
import { recordWithAudit } from './learn-audit.js';
import { LearnFailure, RUN_FAILED, type Drive } from './learn-process.js';
import { recordWithStrace } from './learn-strace.js';
import { compilePolicy, readPolicySource, ROOT_HELP } from './policy-files.js';
import { printDiagnostics } from './print-diagnostics.js';
import { reportUsageError, UsageError } from './usage-error.js';
import { VERSION } from './version.js';
import { writeAllOrNothing } from './write-atomic.js';
import { displayText } from '../compiler/diagnostics/display.js';

/** The recorders, the default first (docs/learn.md, "Recorders", says why strace is the default). */
export const RECORDERS: readonly RecorderName[] = ['strace', 'audit'];

interface LearnOptions {
  recorder: RecorderName;
  exercise: string[];
  exec: string[];
  duration?: string;
  readyTimeout: string;
  commandTimeout: string;
  write?: boolean;
  format: 'text' | 'json';
  root?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A number of seconds from an option, or the usage error it is. */
function seconds(option: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n >= min)) throw new UsageError(`\`${option}\` takes a number of seconds${min > 0 ? ` of at least ${min}` : ''}, not \`${value}\``, `e.g. \`${option} 30\``);
  return n;
}

/** Registers `learn` on the program. */
export function registerLearnCommand(program: Command, io: Io, exit: ExitWith): void {
  program
    .command('learn')
    .description("record what the policy's workload really calls on a real engine, and write it into the policy's syscalls section (shown as a diff unless --write)")
    .argument('<policy>', 'the policy file')
    .addOption(new Option('--recorder <recorder>', 'strace: runc run traced from the host (exact, with arguments); audit: docker run with a logging seccomp profile, read from the kernel log').choices([...RECORDERS]).default('strace'))
    .option('--exercise <cmd>', "a command run on the host, inside the workload's network namespace (127.0.0.1 reaches it), while recording; repeatable, run in order", collect, [])
    .option('--exec <cmd>', 'a command run inside the workload as `/bin/sh -c CMD` (like a health check) while recording; repeatable, after the exercises', collect, [])
    .option('--duration <seconds>', 'record this long after the workload is up (default: until the exercises and execs are done, or until Ctrl-C when there are none)')
    .option('--ready-timeout <seconds>', 'how long to wait for the workload to listen on the ports it publishes', '30')
    .option('--command-timeout <seconds>', 'how long each --exercise or --exec may take', '120')
    .option('--write', 'write the learned section into the policy file (default: print the change as a diff)')
    .addOption(new Option('--format <format>', 'the summary as text or json').choices(['text', 'json']).default('text'))
    .option('--root <dir>', ROOT_HELP)
    .action(async (file: string, opts: LearnOptions) => {
      const code = await runLearn(file, opts, io);
      if (code !== 0) exit(code);
    });
}

/** The whole command; returns its exit code. */
async function runLearn(file: string, opts: LearnOptions, io: Io): Promise<number> {
  const err = stderrColor(io);
  const say = (line: string): void => void io.stderr.write(`secpol learn: ${displayText(line)}\n`);
  let drive: Drive;
  const host = fsHost(io.cwd);
  let text: string;
  try {
    drive = {
      exercises: opts.exercise,
      execs: opts.exec,
      durationS: opts.duration === undefined ? null : seconds('--duration', opts.duration, 0),
      readyTimeoutS: seconds('--ready-timeout', opts.readyTimeout, 1),
      commandTimeoutS: seconds('--command-timeout', opts.commandTimeout, 1),
      env: { ...io.env },
      say,
    };
    const read = readPolicySource(io.cwd, host, file);
    text = 'text' in read ? read.text : '';
  } catch (e) {
    if (e instanceof UsageError) return reportUsageError(e, io);
    throw e;
  }

  const compiled = compilePolicy(io.cwd, host, file, opts.root === undefined ? {} : { root: opts.root });
  if (compiled.ir === null || hasErrors(compiled.diagnostics)) {
    printDiagnostics(compiled.diagnostics, io, err, 'nothing was recorded');
    return 1;
  }
  const ir = compiled.ir;

  let recording: Recording;
  try {
    const variant = recordingVariant(ir, opts.recorder);
    if (opts.recorder === 'strace') {
      const traces = await recordWithStrace(ir, variant, drive);
      recording = mergeRecordings(traces.map((t) => parseStrace(t.text, { programs: t.programs })));
    } else {
      const run = await recordWithAudit(ir, variant, drive);
      const parsed = parseAuditLog(run.text);
      recording = { ...parsed, lost: parsed.lost + run.lost };
    }
  } catch (e) {
    if (e instanceof LearnFailure) return failed(io, e.message, e.help, e.exitCode);
    throw e;
  }
  if (recording.calls.length === 0) return failed(io, 'no call of the workload was observed', 'check that the policy\'s command is the program that runs (learn follows the processes from its execve)');

  let result: LearnResult;
  try {
    result = learnSyscalls(recording, { ir, compiled, fileName: file, text, host });
  } catch (e) {
    if (e instanceof IncompleteRecordingError)
      return opts.recorder === 'audit'
        ? failed(io, `the kernel dropped ${e.lost} audit record(s) of the run: learning from it would miss calls`, 'run again with a shorter exercise, or use --recorder strace (no rate limit)')
        : failed(io, `the trace lost ${e.lost} process(es) of the workload (children strace could not place): learning from it would miss calls`, 'run again; strace must support --pidns-translation (strace 5.9 or later)');
    throw e;
  }
  const learned = applyLearned(text, file, result);

  if (opts.write) {
    try {
      writeAllOrNothing([{ path: resolve(io.cwd, file), content: Buffer.from(learned, 'utf8') }]);
    } catch (e) {
      return failed(io, `cannot write \`${file}\`: ${e instanceof Error ? e.message : String(e)}`, 'nothing was written', 2);
    }
  }
  if (opts.format === 'json') {
    io.stdout.write(`${JSON.stringify({ version: VERSION, file, written: opts.write === true, changed: learned !== text, ...result }, null, 2)}\n`);
    return 0;
  }
  if (!opts.write) {
    const color = stdoutColor(io);
    if (learned === text) io.stdout.write(`${file}: the policy already says what was learned\n`);
    else {
      io.stdout.write(`${ansi(color, '1', `--- ${file} (as written)`)}\n${ansi(color, '1', `+++ ${file} (secpol learn)`)}\n`);
      for (const line of unifiedHunks(text, learned)) io.stdout.write(`${line.startsWith('@@') ? ansi(color, '36', line) : line.startsWith('-') ? ansi(color, '31', line) : line.startsWith('+') ? ansi(color, '32', line) : line}\n`);
    }
    io.stdout.write('\n');
  }
  io.stdout.write(learnSummary(result));
  if (opts.write) io.stdout.write(`${learned === text ? 'unchanged' : 'wrote'} ${file}\n`);
  else if (learned !== text) io.stdout.write(`run again with --write to write it into ${file}\n`);
  return 0;
}

/**
 * Prints a failed run in the CLI's error shape (`secpol: error: …`, `help: …`) and gives its exit
 * code. A message may end with a command's output, one escaped line each.
 */
function failed(io: Io, message: string, help: string | undefined, code: number = RUN_FAILED): number {
  const lines = message.split('\n').map(displayText).join('\n');
  io.stderr.write(`secpol: error: ${lines}\nhelp: ${displayText(help === undefined ? 'nothing was written' : `${help}; nothing was written`)}\n`);
  return code;
}
