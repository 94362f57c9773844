/** Where the CLI writes and what it may read of its environment: the one object a command is given. */
import type { ColorWhen } from './color.js';

export interface Io {
  readonly stdout: { write(s: string | Uint8Array): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** `--color`: `auto` (the default) colours a terminal; `always` and `never` decide outright. */
  readonly color?: ColorWhen;
}
