// Colours: `--color always|never|auto`, FORCE_COLOR, NO_COLOR and a terminal, decided in one place
// (src/cli/color.ts) and obeyed by every output: diagnostics, lint reports and usage errors alike.
import { describe, expect, it } from 'vitest';
import { colorArgument, colorFor } from '../../src/cli/color.js';
import { main } from '../../src/cli/main.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };
const ESC = '\u001b[';

/** Runs the CLI in process, with stdout and stderr as a terminal or a pipe. */
async function run(argv: string[], env: Record<string, string> = {}, isTTY = false) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (s) => (out += String(s)), isTTY }, stderr: { write: (s) => (err += s), isTTY }, env, cwd: process.cwd() });
  return { code, out, err };
}

describe('colour decision', () => {
  it('auto: a terminal is coloured unless NO_COLOR or TERM=dumb; a pipe is not', () => {
    expect(colorFor(tty, {})).toBe(true);
    expect(colorFor(pipe, {})).toBe(false);
    expect(colorFor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorFor(tty, { NO_COLOR: '' })).toBe(true); // no-color.org: set and not empty
    expect(colorFor(tty, { TERM: 'dumb' })).toBe(false);
  });
  it('FORCE_COLOR as Node reads it: 1, 2, 3, true or empty colour even a pipe and win over NO_COLOR; other values turn colour off', () => {
    for (const v of ['', '1', '2', '3', 'true']) expect([v, colorFor(pipe, { FORCE_COLOR: v, NO_COLOR: '1' })]).toEqual([v, true]);
    for (const v of ['0', 'false', 'no']) expect([v, colorFor(tty, { FORCE_COLOR: v })]).toEqual([v, false]);
  });
  it('--color always and never decide outright, over every variable', () => {
    expect(colorFor(pipe, { NO_COLOR: '1', TERM: 'dumb' }, 'always')).toBe(true);
    expect(colorFor(tty, { FORCE_COLOR: '1' }, 'never')).toBe(false);
  });
  it('reads the last valid --color before `--`, in either spelling, anywhere on the line', () => {
    expect(colorArgument(['lint', 'a.secpol'])).toBe('auto');
    expect(colorArgument(['--color', 'always', 'lint', 'a.secpol'])).toBe('always');
    expect(colorArgument(['lint', 'a.secpol', '--color=never'])).toBe('never');
    expect(colorArgument(['--color=always', 'check', '--color', 'never'])).toBe('never');
    expect(colorArgument(['check', '--', '--color=always'])).toBe('auto');
    expect(colorArgument(['check', '--color', 'sometimes'])).toBe('auto'); // commander refuses it
  });
});

describe('secpol --color', () => {
  it('colours diagnostics and lint reports into a pipe with --color always, and never a terminal with --color never', async () => {
    const checked = await run(['check', 'examples/web.secpol', '--color', 'always']);
    expect(checked.code).toBe(0);
    expect(checked.err).toContain(`${ESC}1;33mwarning`);
    const linted = await run(['--color=always', 'lint', 'examples/web.secpol']);
    expect(linted.out).toContain(`${ESC}1;33mwarning${ESC}0m${ESC}1m[SPL102 root-user]`);
    expect(linted.out).toContain(`${ESC}1;36mhelp${ESC}0m: `);
    const plain = await run(['lint', 'examples/web.secpol', '--color', 'never'], { FORCE_COLOR: '1' }, true);
    expect(plain.out + plain.err).not.toContain('\u001b');
  });
  it('colours explain like diagnostics: the verdict, and the help and note labels; the words stay the same', async () => {
    const painted = await run(['explain', 'examples/api.secpol', '--syscall', 'mount', '--color', 'always']);
    expect(painted.out).toMatch(new RegExp(`^\`mount\` is \u001b\\[1;31mnot allowed\u001b\\[0m: `));
    expect(painted.out).toContain(`  ${ESC}1;36mhelp${ESC}0m: `);
    const plain = await run(['explain', 'examples/api.secpol', '--syscall', 'mount']);
    expect(painted.out.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.out);
    expect((await run(['explain', 'examples/api.secpol', '--syscall', 'openat', '--color', 'always'])).out).toContain(`is ${ESC}1;32mallowed${ESC}0m`);
  });
  it('follows FORCE_COLOR and NO_COLOR without the option', async () => {
    expect((await run(['lint', 'examples/web.secpol'], { FORCE_COLOR: '1' })).out).toContain(`${ESC}1;33mwarning`);
    const off = await run(['lint', 'examples/web.secpol'], { NO_COLOR: '1' }, true);
    expect(off.out + off.err).not.toContain('\u001b');
  });
  it('refuses a value that is not a choice, as a usage error', async () => {
    const r = await run(['check', 'examples/web.secpol', '--color', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^secpol: error: option '--color <when>' argument 'sometimes' is invalid\. Allowed choices are auto, always, never\.\n/);
    expect(r.out).toBe('');
  });
});
