/** Where the CLI writes and what it may read of its environment: the one object a command is given. */

/** The values of `--color` (src/cli/color.ts decides what each means for a stream). */
export const COLOR_CHOICES = ['auto', 'always', 'never'] as const;
export type ColorWhen = (typeof COLOR_CHOICES)[number];

export interface Io {
  readonly stdout: { write(s: string | Uint8Array): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** `--color`: `auto` (the default) colours a terminal; `always` and `never` decide outright. */
  readonly color?: ColorWhen;
}
