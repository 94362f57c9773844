/**
 * The command-line interface: the only part of secpol that touches the file system, the process and
 * the environment. Exit codes: 0 success, 1 policy errors (or stale artifacts for `build --check`),
 * 2 usage errors (bad flags, unreadable files, an output folder that cannot be written), 3 privilege
 * grew (`secpol diff`).
 */
import { join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { AdvisedResult } from '../lint/advise.js';
import { CATALOG, lookupCode } from '../compiler/diagnostics/catalog.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { renderText, toJson } from '../compiler/diagnostics/render.js';
import { suggest } from '../compiler/diagnostics/suggest.js';
import type { TargetName } from '../emitters/artifact.js';
import { emitAll, TARGETS } from '../emitters/index.js';
import { compilePolicies, repeatedNote, ROOT_HELP } from './policy-files.js';
import { reportUsageError, UsageError } from './usage-error.js';
import { parseTargets } from './targets.js';
import { displayShort, displayText } from '../compiler/diagnostics/display.js';
import { LINT_RULES } from '../lint/rules.js';
import { ByteArena } from './byte-arena.js';
import { Progress } from './progress.js';
import { writeAllOrNothing } from './write-atomic.js';
import { runCheck } from './check-command.js';
import { DIFF_FORMATS, runDiff } from './diff-command.js';
import { registerExplainCommand } from './explain-command.js';
import { registerLintCommand } from './lint-command.js';
import { VERSION } from './version.js';
import { COLOR_CHOICES, colorArgument, stderrColor } from './color.js';
import type { Io } from './io.js';

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

/** An artifact as it will be written. */
interface EncodedArtifact {
  readonly path: string;
  readonly bytes: Buffer;
}

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}


/** Runs the CLI with `argv` (without `node secpol`) and returns the exit code. */
export async function main(argv: readonly string[], given: Io): Promise<number> {
  const io: Io = { ...given, color: given.color ?? colorArgument(argv) };
  const color = stderrColor(io);
  const usageError = (msg: string, help?: string): never => {
    io.stderr.write(`secpol: error: ${displayText(msg)}\n${help ? `help: ${displayText(help)}\n` : ''}`);
    throw new Exit(2);
  };

  const program = new Command('secpol')
    .description('Compile container security policies (.secpol) into seccomp, AppArmor, OCI, Compose and docker run artifacts.')
    .version(VERSION, '-V, --version')
    .option('--explain <code>', 'print the long explanation of a diagnostic code (e.g. E0301) and exit')
    .addOption(new Option('--color <when>', 'colour the output: auto (a terminal, FORCE_COLOR, NO_COLOR), always or never').choices([...COLOR_CHOICES]).default('auto'))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: (s, write) => write(usageText(s)) })
    .showSuggestionAfterError(true);

  const formatOption = () => new Option('--format <format>', 'diagnostics as text or json').choices(['text', 'json']).default('text');

  /**
   * Compiles every file and prints the diagnostics. `keep` may replace each result by what the
   * caller needs of it later (build emits at once and keeps no syntax tree or IR).
   */
  const compileAll = (
    files: readonly string[],
    format: string,
    root: string | undefined,
    keep: (file: string, result: AdvisedResult) => AdvisedResult = (_, r) => r,
  ): { results: { file: string; result: AdvisedResult }[]; failed: boolean } => {
    const progress = new Progress(io.stderr, files.length, 'secpol: compiling', io.env);
    let results: { file: string; result: AdvisedResult }[];
    try {
      const compiled = compilePolicies(io.cwd, files, { ...(root !== undefined ? { root } : {}) }, keep, (n) => progress.tick(n));
      results = compiled.results;
      if (format === 'text') io.stderr.write(repeatedNote(compiled.repeated));
    } catch (e) {
      if (e instanceof UsageError) throw new Exit(reportUsageError(e, io));
      throw e;
    } finally {
      progress.finish();
    }
    const diagnostics = results.flatMap((r) => r.result.diagnostics);
    if (format === 'text') for (const d of diagnostics) io.stderr.write(renderText(d, { color }) + '\n\n');
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    if (format === 'text' && diagnostics.length > 0)
      io.stderr.write(`${errors > 0 ? `secpol: ${errors} error${errors === 1 ? '' : 's'}` : 'secpol: no errors'}${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}${errors > 0 ? '; nothing was written' : ''}\n`);
    return { results, failed: hasErrors(diagnostics) };
  };

  const jsonReport = (results: { file: string; result: AdvisedResult }[], artifacts: { workload: string; path: string; unchanged?: boolean }[]): void => {
    const all: Diagnostic[] = results.flatMap((r) => [...r.result.diagnostics]);
    io.stdout.write(JSON.stringify({ version: VERSION, ok: !hasErrors(all), diagnostics: all.map(toJson), artifacts }, null, 2) + '\n');
  };

  program
    .command('build')
    .description('compile policies and write their artifacts')
    .argument('<files...>', 'policy files')
    .option('-o, --out-dir <dir>', 'folder for the artifacts; each workload gets <dir>/<name>/', 'secpol-out')
    .option('-t, --target <targets>', `comma-separated subset of: ${TARGETS.join(', ')}`, TARGETS.join(','))
    .option('--stdout', 'print the artifacts instead of writing files')
    .option('--check', 'compare the artifacts on disk with what would be written; write nothing (exit 1 if any differs)')
    .addOption(formatOption())
    .option('--root <dir>', ROOT_HELP)
    .action((files: string[], opts: { outDir: string; target: string; stdout?: boolean; check?: boolean; format: string; root?: string }) => {
      if (opts.check) {
        const code = runCheck(files, opts, io);
        if (code !== 0) throw new Exit(code);
        return;
      }
      let targets: TargetName[] = [];
      try {
        targets = parseTargets(opts.target);
      } catch (e) {
        if (e instanceof UsageError) throw new Exit(reportUsageError(e, io));
        throw e;
      }
      // Each policy is emitted as soon as it compiles, and only its artifacts and diagnostics are
      // kept: a batch of thousands does not hold every syntax tree and IR until the end. The
      // artifacts are kept encoded, as they will be written: UTF-8 bytes outside the JavaScript heap,
      // which the garbage collector then need not copy and mark on every pass (half its work in a batch).
      const emitted: { file: string; workload: string; artifacts: readonly EncodedArtifact[] }[] = [];
      const arena = new ByteArena();
      const { results, failed } = compileAll(files, opts.format, opts.root, (file, r) => {
        if (r.ir === null || hasErrors(r.diagnostics)) return r;
        emitted.push({ file, workload: r.ir.name, artifacts: emitAll(r.ir, targets).map((a) => ({ path: a.path, bytes: arena.encode(a.content) })) });
        return { ...r, ir: null, workload: null };
      });
      if (failed) {
        if (opts.format === 'json') jsonReport(results, []);
        throw new Exit(1);
      }
      const names = new Map<string, string>();
      for (const e of emitted) {
        const prev = names.get(e.workload);
        if (prev) usageError(`\`${e.file}\` and \`${prev}\` both define workload \`${e.workload}\`; their artifacts would overwrite each other`);
        names.set(e.workload, e.file);
      }
      const outputs = emitted.flatMap((e) => e.artifacts.map((a) => ({ ...a, workload: e.workload })));
      if (opts.stdout) {
        const many = outputs.length > 1;
        const newline = Buffer.from('\n');
        // One write per workload: standard output is synchronous for files and pipes, so each write is a system call.
        for (const e of emitted)
          io.stdout.write(many ? Buffer.concat(e.artifacts.flatMap((a) => [Buffer.from(`==> ${e.workload}/${a.path} <==\n`), a.bytes, newline])) : Buffer.concat(e.artifacts.map((a) => a.bytes)));
        return;
      }
      const files2 = outputs.map((a) => ({ path: resolve(io.cwd, opts.outDir, a.workload, a.path), content: a.bytes, shown: join(opts.outDir, a.workload, a.path) }));
      let unchanged: ReadonlySet<string> = new Set();
      try {
        const progress = new Progress(io.stderr, files2.length, 'secpol: writing', io.env);
        try {
          unchanged = writeAllOrNothing(files2, (n) => progress.tick(n)).unchanged;
        } finally {
          progress.finish();
        }
      } catch (e) {
        usageError(`cannot write the artifacts: ${e instanceof Error ? e.message : String(e)}`, 'nothing was written');
      }
      if (opts.format === 'json') jsonReport(results, files2.map((f, i) => ({ workload: outputs[i]!.workload, path: f.shown, unchanged: unchanged.has(f.path) })));
      else for (const f of files2) io.stdout.write(`${unchanged.has(f.path) ? 'unchanged' : 'wrote'} ${f.shown}\n`);
    });

  program
    .command('check')
    .description('parse and check policies; write nothing')
    .argument('<files...>', 'policy files')
    .option('--root <dir>', ROOT_HELP)
    .addOption(formatOption())
    .action((files: string[], opts: { format: string; root?: string }) => {
      const { results, failed } = compileAll(files, opts.format, opts.root);
      if (opts.format === 'json') jsonReport(results, []);
      else if (!failed) io.stdout.write(`secpol: ${results.length} ${results.length === 1 ? 'policy' : 'policies'} OK\n`);
      if (failed) throw new Exit(1);
    });

  program
    .command('verify')
    .description('same as `build --check`: compare the artifacts on disk with what would be written')
    .argument('<files...>', 'policy files')
    .option('-o, --out-dir <dir>', 'folder of the artifacts; each workload has <dir>/<name>/', 'secpol-out')
    .option('-t, --target <targets>', `comma-separated subset of: ${TARGETS.join(', ')}`, TARGETS.join(','))
    .option('--root <dir>', ROOT_HELP)
    .addOption(formatOption())
    .action((files: string[], opts: { outDir: string; target: string; format: string; root?: string }) => {
      const code = runCheck(files, opts, io);
      if (code !== 0) throw new Exit(code);
    });

  program
    .command('diff')
    .description('show how privilege changes between two versions of a policy (each a file or REV:PATH in git); exit 3 when it grows')
    .argument('<old>', 'the policy before: a file, or REV:PATH (PATH at git revision REV)')
    .argument('<new>', 'the policy after: a file, or REV:PATH')
    .addOption(new Option('--format <format>', 'text, markdown (for a pull-request comment) or json').choices([...DIFF_FORMATS]).default('text'))
    .option('--root <dir>', ROOT_HELP)
    .action((oldSpec: string, newSpec: string, opts: { format: string; root?: string }) => {
      const code = runDiff(oldSpec, newSpec, opts, io);
      if (code !== 0) throw new Exit(code);
    });

  const exitWith = (code: number): never => {
    throw new Exit(code);
  };
  registerLintCommand(program, io, exitWith, color);
  registerExplainCommand(program, io, exitWith, color);

  const explain = (code: string): void => {
    const found = lookupCode(code);
    if (found) {
      io.stdout.write(`${found.code} (${found.entry.name}, ${found.entry.severity})\n\n${found.entry.explain}\n`);
      return;
    }
    const rule = LINT_RULES.find((r) => r.id === code.toUpperCase() || r.name === code.toLowerCase());
    const replacing = rule ? [] : LINT_RULES.filter((r) => r.replaces?.includes(code.toUpperCase()));
    const ruleText = (r: (typeof LINT_RULES)[number]): string =>
      `${r.id} (${r.name}, lint ${r.severity})\n\n${r.summary}\n\nWhy: ${r.rationale}\n\nFix: ${r.fix}\n\nReference: ${r.reference.title} <${r.reference.url}>\n`;
    if (rule) {
      io.stdout.write(ruleText(rule));
      return;
    }
    if (replacing.length > 0) {
      // A former compiler warning: its judgement is now the rule's (or rules').
      const ids = replacing.map((r) => r.id).join(', ');
      io.stdout.write(`${code.toUpperCase()} is now ${ids}: the compiler's warnings became advisory rules, shown by check, build and lint alike.\n\n${replacing.map(ruleText).join('\n')}`);
      return;
    }
    const known = [...Object.keys(CATALOG), ...Object.values(CATALOG).map((e) => e.name), ...LINT_RULES.flatMap((r) => [r.id, r.name])];
    const guess = suggest(code, known);
    usageError(`unknown diagnostic code \`${displayShort(code, 64)}\``, guess ? `did you mean \`${guess}\`?` : 'codes look like E0301 or SPL101');
  };

  try {
    // `--explain CODE` is an option of the program itself, so it is answered before commands are parsed.
    const at = argv.findIndex((a) => a === '--explain' || a.startsWith('--explain='));
    if (at >= 0) {
      const code = argv[at]!.includes('=') ? argv[at]!.slice('--explain='.length) : argv[at + 1];
      if (code === undefined) usageError('`--explain` needs a code, e.g. `secpol --explain E0301`');
      explain(code!);
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
