/**
 * The command-line interface: the only part of secpol that touches the file system, the process and
 * the environment. Exit codes: 0 success, 1 policy errors (or stale artifacts for `build --check`),
 * 2 usage errors (bad flags, unreadable files, an output folder that cannot be written), 3 privilege
 * grew (`secpol diff`).
 */
import { Command, CommanderError, Option } from 'commander';
import { registerBuildCommands } from './build-command.js';
import { COLOR_CHOICES, colorArgument, stderrColor } from './color.js';
import { DIFF_FORMATS, runDiff } from './diff-command.js';
import { Exit, exitWith, usageExit } from './exit.js';
import { explainCode } from './explain-code.js';
import { registerFmtCommand } from './fmt-command.js';
import { registerImportCommand } from './import-command.js';
import { registerInitCommand } from './init-command.js';
import { registerExplainCommand } from './explain-command.js';
import type { Io } from './io.js';
import { registerLearnCommand } from './learn-command.js';
import { registerLintCommand } from './lint-command.js';
import { ROOT_HELP } from './policy-files.js';
import { VERSION } from './version.js';

export type { Io } from './io.js';

/**
 * Commander's own usage errors ("error: unknown option '--x'" with an optional "(Did you mean …?)")
 * in the shape of every other usage error: `secpol: error: …` and one `help:` line.
 */
export function usageText(commander: string): string {
  const lines = commander.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const message = (lines[0] ?? 'invalid usage').replace(/^error: /, '');
  const guess = lines.slice(1).join(' ').match(/^\(Did you mean (.+)\?\)$/);
  const help = guess ? `did you mean \`${guess[1]}\`?` : 'run `secpol --help`, or `secpol COMMAND --help`, for the usage';
  return `secpol: error: ${message}\nhelp: ${help}\n`;
}

/** Runs the CLI with `argv` (without `node secpol`) and returns the exit code: the one place a command's end becomes one. */
export async function main(argv: readonly string[], given: Io): Promise<number> {
  const io: Io = { ...given, color: given.color ?? colorArgument(argv) };
  const color = stderrColor(io);

  const program = new Command('secpol')
    .description('Compile container security policies (.secpol) into seccomp, AppArmor, OCI, Compose and docker run artifacts, and Kubernetes manifests with profiles for the Security Profiles Operator.')
    .version(VERSION, '-V, --version')
    .option('--explain <code>', 'print the long explanation of a diagnostic code (e.g. E0301) and exit')
    .addOption(new Option('--color <when>', 'colour the output: auto (a terminal, FORCE_COLOR, NO_COLOR), always or never').choices([...COLOR_CHOICES]).default('auto'))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: (s, write) => write(usageText(s)) })
    .showSuggestionAfterError(true);

  registerBuildCommands(program, io, exitWith);
  program
    .command('diff')
    .description('show how privilege changes between two versions of a policy (each a file or REV:PATH in git); exit 3 when it grows')
    .argument('<old>', 'the policy before: a file, or REV:PATH (PATH at git revision REV)')
    .argument('<new>', 'the policy after: a file, or REV:PATH')
    .addOption(new Option('--format <format>', 'text, markdown (for a pull-request comment) or json').choices([...DIFF_FORMATS]).default('text'))
    .option('--root <dir>', ROOT_HELP)
    .action((oldSpec: string, newSpec: string, opts: { format: string; root?: string }) => {
      const code = runDiff(oldSpec, newSpec, opts, io);
      if (code !== 0) exitWith(code);
    });

  registerFmtCommand(program, io, exitWith);
  registerInitCommand(program, io, exitWith);
  registerImportCommand(program, io, exitWith);
  registerLearnCommand(program, io, exitWith);
  registerLintCommand(program, io, exitWith, color);
  registerExplainCommand(program, io, exitWith, color);

  try {
    // `--explain CODE` is an option of the program itself, so it is answered before commands are parsed.
    const at = argv.findIndex((a) => a === '--explain' || a.startsWith('--explain='));
    if (at >= 0) {
      const code = argv[at]!.includes('=') ? argv[at]!.slice('--explain='.length) : argv[at + 1];
      if (code === undefined) usageExit(io, exitWith, '`--explain` needs a code, e.g. `secpol --explain E0301`');
      explainCode(code!, io, exitWith);
      return 0;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    io.stderr.write(`secpol: internal error: ${e instanceof Error ? e.message : String(e)}\nhelp: this is a bug in secpol; nothing was written\n`);
    return 70;
  }
}
