import { spawn, spawnSync } from 'node:child_process';

/** What a finished (or killed) child process left behind. */
export interface RunResult {
  /** Exit status, or null when the process was killed by a signal or never started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when this helper killed the process because it outlived `timeoutMs`. */
  readonly timedOut: boolean;
  /** Set when the process could not be started at all (e.g. ENOENT for a missing binary). */
  readonly error?: Error;
}

/** Options shared by `run` and `runSync`. */
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string | Buffer;
  /** Kill the child with SIGKILL after this many milliseconds (default: 60 s). */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs `file` with `args` (no shell: arguments are data, never syntax) and resolves with its exit
 * status and output; never rejects. On timeout it kills only the child it started, by its pid.
 */
export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let startError: Error | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      startError = error;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: startError ? `${stderr}${startError.message}\n` : stderr,
        timedOut,
        ...(startError ? { error: startError } : {}),
      });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Synchronous `run`, for availability probes at collection time and quick validators. */
export function runSync(file: string, args: readonly string[], options: RunOptions = {}): RunResult {
  const result = spawnSync(file, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    input: options.input,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const error = result.error as (Error & { code?: string }) | undefined;
  const timedOut = error?.code === 'ETIMEDOUT';
  const startError = error && !timedOut ? error : undefined;
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout ?? '',
    stderr: startError ? `${result.stderr ?? ''}${startError.message}\n` : (result.stderr ?? ''),
    timedOut,
    ...(startError ? { error: startError } : {}),
  };
}

/** One line for an assertion message: how a command ended and the tail of what it printed. */
export function describeRun(what: string, result: RunResult): string {
  const how = result.timedOut
    ? 'timed out'
    : result.error
      ? `could not start (${result.error.message})`
      : result.signal
        ? `was killed by ${result.signal}`
        : `exited ${result.code}`;
  const tail = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-15).join('\n');
  return `${what} ${how}${tail ? `:\n${tail}` : ''}`;
}
