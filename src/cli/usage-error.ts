/**
 * A usage error raised by a command module (a bad argument, a file or revision that cannot be read):
 * the CLI prints it as one line and a `help:` line, and exits 2.
 */
import { displayText } from '../compiler/diagnostics/display.js';
import type { Io } from './io.js';

/** Thrown by a command's own code for a usage error; caught by that command's entry point. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
  }
}

/**
 * What `parse` returns, or, when it throws a usage error, that error printed and the command ended
 * with exit 2 through `exit` (an option that does not parse: `--target`, `--security-module`).
 */
export function orUsageExit<T>(parse: () => T, io: Io, exit: (code: number) => never): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof UsageError) return exit(reportUsageError(e, io));
    throw e;
  }
}

/** Prints a usage error the way every secpol command does, and gives its exit code, 2. */
export function reportUsageError(e: UsageError, io: Io): number {
  io.stderr.write(`secpol: error: ${displayText(e.message)}\n${e.help ? `help: ${displayText(e.help)}\n` : ''}`);
  return 2;
}
