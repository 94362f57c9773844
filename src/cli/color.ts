/**
 * Whether a stream gets ANSI colours. `--color always|never` decides outright; `auto` (the default)
 * follows the conventions in this order: FORCE_COLOR as Node reads it (`1`, `2`, `3`, `true` or empty
 * turns colours on even without a terminal; any other value, such as `0`, turns them off), then
 * NO_COLOR (set and not empty: off), then a terminal that is not TERM=dumb.
 */
import { COLOR_CHOICES, type ColorWhen, type Io } from './io.js';

export { COLOR_CHOICES, type ColorWhen };

/** The decision for one stream. */
export function colorFor(stream: { isTTY?: boolean }, env: Io['env'], when: ColorWhen = 'auto'): boolean {
  if (when !== 'auto') return when === 'always';
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** Whether stderr (diagnostics) is coloured. */
export const stderrColor = (io: Io): boolean => colorFor(io.stderr, io.env, io.color);

/** Whether stdout (reports: lint, diff, build --check) is coloured. */
export const stdoutColor = (io: Io): boolean => colorFor(io.stdout, io.env, io.color);

/**
 * The `--color` given in `argv` (the last one before `--`), read before the commands are parsed so
 * that every output, `--explain` included, follows it; commander validates the value itself.
 */
export function colorArgument(argv: readonly string[]): ColorWhen {
  let when: ColorWhen = 'auto';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const value = a === '--color' ? argv[i + 1] : a.startsWith('--color=') ? a.slice('--color='.length) : undefined;
    if (value !== undefined && (COLOR_CHOICES as readonly string[]).includes(value)) when = value as ColorWhen;
  }
  return when;
}
