/**
 * How a command ends: every command ends with `exit(code)`, which throws an Exit that `main` turns
 * into the process's exit code. So there is one way out, and nothing is written after it.
 */
import { displayText } from '../compiler/diagnostics/display.js';
import type { Io } from './io.js';

/** Thrown by `exit`; caught only by `main`. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Ends the command with `code`. */
export type ExitWith = (code: number) => never;

export const exitWith: ExitWith = (code) => {
  throw new Exit(code);
};

/** Prints a usage error, `secpol: error: …` and an optional `help:` line (policy text escaped), and ends with 2. */
export function usageExit(io: Io, exit: ExitWith, msg: string, help?: string): never {
  io.stderr.write(`secpol: error: ${displayText(msg)}\n${help ? `help: ${displayText(help)}\n` : ''}`);
  return exit(2);
}
