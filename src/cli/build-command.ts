/**
 * `secpol build`, `secpol check` and `secpol verify` (= `build --check`): compile policies, print
 * their diagnostics (the compiler's errors and the advisory rules' warnings), and write or compare
 * the artifacts. Exit codes (through `exit`): 0 success, 1 policy errors or stale artifacts, 2 usage
 * errors or an output folder that cannot be written.
 */
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { toJson } from '../compiler/diagnostics/render.js';
import type { KubernetesKind, SecurityModule, TargetName } from '../emitters/artifact.js';
import { emitAll } from '../emitters/index.js';
import type { AdvisedResult } from '../lint/advise.js';
import { ByteArena } from './byte-arena.js';
import { composeStackFile, type StackWorkload } from './compose-stack-file.js';
import { runCheck } from './check-command.js';
import { stderrColor } from './color.js';
import { usageExit, type ExitWith } from './exit.js';
import type { Io } from './io.js';
import { compilePolicies, repeatedNote, ROOT_HELP } from './policy-files.js';
import { printDiagnostics } from './print-diagnostics.js';
import { Progress } from './progress.js';
import { kubernetesKindOption, parseSecurityModules, parseTargets, securityModuleOption, TARGET_DEFAULT, TARGET_HELP } from './targets.js';
import { orUsageExit, reportUsageError, UsageError } from './usage-error.js';
import { VERSION } from './version.js';
import { writeAllOrNothing } from './write-atomic.js';

const STACK_HELP = 'also write one Compose file for all the workloads at <file> (e.g. secpol-out/compose.yaml), seccomp profiles named relative to it';

/** An artifact as it will be written. */
interface EncodedArtifact {
  readonly path: string;
  readonly bytes: Buffer;
}

/** Registers `build`, `check` and `verify` on the program. */
export function registerBuildCommands(program: Command, io: Io, exit: ExitWith): void {
  const color = stderrColor(io);
  const usageError = (msg: string, help?: string): never => usageExit(io, exit, msg, help);
  /** The modules `--security-module` and the targets `--target` name, or the usage error they are (exit 2). */
  const modulesOf = (option: string): SecurityModule[] => orUsageExit(() => parseSecurityModules(option), io, exit);
  const targetsOf = (option: string): TargetName[] => orUsageExit(() => parseTargets(option), io, exit);
  const formatOption = () => new Option('--format <format>', 'diagnostics as text or json').choices(['text', 'json']).default('text');

  /**
   * Compiles every file and prints the diagnostics. `keep` may replace each result by what the
   * caller needs of it later (build emits at once and keeps no syntax tree or IR).
   */
  const compileAll = (
    files: readonly string[],
    format: string,
    root: string | undefined,
    targets: readonly TargetName[],
    keep: (file: string, result: AdvisedResult) => AdvisedResult = (_, r) => r,
  ): { results: { file: string; result: AdvisedResult }[]; failed: boolean } => {
    const progress = new Progress(io.stderr, files.length, 'secpol: compiling', io.env);
    let results: { file: string; result: AdvisedResult }[];
    try {
      const compiled = compilePolicies(io.cwd, files, { ...(root !== undefined ? { root } : {}), targets }, keep, (n) => progress.tick(n));
      results = compiled.results;
      if (format === 'text') io.stderr.write(repeatedNote(compiled.repeated));
    } catch (e) {
      if (e instanceof UsageError) exit(reportUsageError(e, io));
      throw e;
    } finally {
      progress.finish();
    }
    const diagnostics = results.flatMap((r) => r.result.diagnostics);
    if (format === 'text') printDiagnostics(diagnostics, io, color, 'nothing was written');
    return { results, failed: hasErrors(diagnostics) };
  };

  /** The JSON report; a stack file is an artifact of no one workload (`workload: null`). */
  const jsonReport = (results: { file: string; result: AdvisedResult }[], artifacts: { workload: string | null; path: string; unchanged?: boolean }[], batch: readonly Diagnostic[] = []): void => {
    const all: Diagnostic[] = [...results.flatMap((r) => [...r.result.diagnostics]), ...batch];
    io.stdout.write(JSON.stringify({ version: VERSION, ok: !hasErrors(all), diagnostics: all.map(toJson), artifacts }, null, 2) + '\n');
  };

  program
    .command('build')
    .description('compile policies and write their artifacts')
    .argument('<files...>', 'policy files')
    .option('-o, --out-dir <dir>', 'folder for the artifacts; each workload gets <dir>/<name>/', 'secpol-out')
    .option('-t, --target <targets>', TARGET_HELP, TARGET_DEFAULT)
    .addOption(kubernetesKindOption())
    .addOption(securityModuleOption())
    .option('--stdout', 'print the artifacts instead of writing files')
    .option('--check', 'compare the artifacts on disk with what would be written; write nothing (exit 1 if any differs)')
    .addOption(formatOption())
    .option('--root <dir>', ROOT_HELP)
    .option('--compose-stack <file>', STACK_HELP)
    .action((files: string[], opts: { outDir: string; target: string; kubernetesKind: KubernetesKind; securityModule: string; stdout?: boolean; check?: boolean; format: string; root?: string; composeStack?: string }) => {
      if (opts.check) {
        const code = runCheck(files, opts, io);
        if (code !== 0) exit(code);
        return;
      }
      const targets = targetsOf(opts.target);
      const securityModules = modulesOf(opts.securityModule);
      // Each policy is emitted as soon as it compiles, and only its artifacts and diagnostics are
      // kept: a batch of thousands does not hold every syntax tree and IR until the end. The
      // artifacts are kept encoded, as they will be written: UTF-8 bytes outside the JavaScript heap,
      // which the garbage collector then need not copy and mark on every pass (half its work in a batch).
      const emitted: { file: string; workload: string; artifacts: readonly EncodedArtifact[] }[] = [];
      // With --compose-stack, the IRs too (the stack is written from all of them at the end).
      const stackWorkloads: StackWorkload[] = [];
      const arena = new ByteArena();
      const { results, failed } = compileAll(files, opts.format, opts.root, targets, (file, r) => {
        if (r.ir === null || hasErrors(r.diagnostics)) return r;
        const artifacts = emitAll(r.ir, targets, { kubernetesKind: opts.kubernetesKind, securityModules });
        emitted.push({ file, workload: r.ir.name, artifacts: artifacts.map((a) => ({ path: a.path, bytes: arena.encode(a.content) })) });
        if (opts.composeStack !== undefined) stackWorkloads.push({ ir: r.ir, files: r.files, artifacts: artifacts.map((a) => a.path) });
        return { ...r, ir: null, workload: null, report: null };
      });
      if (failed) {
        if (opts.format === 'json') jsonReport(results, []);
        exit(1);
      }
      const names = new Map<string, string>();
      for (const e of emitted) {
        const prev = names.get(e.workload);
        if (prev) usageError(`\`${e.file}\` and \`${prev}\` both define workload \`${e.workload}\`; their artifacts would overwrite each other`);
        names.set(e.workload, e.file);
      }
      let stack: { path: string; shown: string; content: string } | null = null;
      if (opts.composeStack !== undefined) {
        const composeStack = opts.composeStack;
        const made = orUsageExit(() => composeStackFile(io.cwd, opts.outDir, composeStack, stackWorkloads, { securityModules }), io, exit);
        if ('diagnostics' in made) {
          if (opts.format === 'json') jsonReport(results, [], made.diagnostics);
          else printDiagnostics(made.diagnostics, io, color, 'nothing was written');
          exit(1);
        }
        stack = made;
      }
      const outputs = emitted.flatMap((e) => e.artifacts.map((a) => ({ ...a, workload: e.workload })));
      if (opts.stdout) {
        const many = outputs.length > 1 || stack !== null;
        const newline = Buffer.from('\n');
        // One write per workload: standard output is synchronous for files and pipes, so each write is a system call.
        for (const e of emitted)
          io.stdout.write(many ? Buffer.concat(e.artifacts.flatMap((a) => [Buffer.from(`==> ${e.workload}/${a.path} <==\n`), a.bytes, newline])) : Buffer.concat(e.artifacts.map((a) => a.bytes)));
        if (stack) io.stdout.write(`==> ${stack.shown} <==\n${stack.content}\n`);
        return;
      }
      const files2: { path: string; content: Buffer; shown: string; workload: string | null }[] = outputs.map((a) => ({ path: resolve(io.cwd, opts.outDir, a.workload, a.path), content: a.bytes, shown: join(opts.outDir, a.workload, a.path), workload: a.workload }));
      // The stack is written with the artifacts, all or nothing.
      if (stack) files2.push({ path: stack.path, content: arena.encode(stack.content), shown: stack.shown, workload: null });
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
      if (opts.format === 'json') jsonReport(results, files2.map((f) => ({ workload: f.workload, path: f.shown, unchanged: unchanged.has(f.path) })));
      else for (const f of files2) io.stdout.write(`${unchanged.has(f.path) ? 'unchanged' : 'wrote'} ${f.shown}\n`);
    });

  program
    .command('check')
    .description('parse and check policies; write nothing')
    .argument('<files...>', 'policy files')
    .option('-t, --target <targets>', `${TARGET_HELP}; the advisory rules of these targets run too`, TARGET_DEFAULT)
    .option('--root <dir>', ROOT_HELP)
    .addOption(formatOption())
    .action((files: string[], opts: { format: string; root?: string; target: string }) => {
      const { results, failed } = compileAll(files, opts.format, opts.root, targetsOf(opts.target));
      if (opts.format === 'json') jsonReport(results, []);
      else if (!failed) io.stdout.write(`secpol: ${results.length} ${results.length === 1 ? 'policy' : 'policies'} OK\n`);
      if (failed) exit(1);
    });

  program
    .command('verify')
    .description('same as `build --check`: compare the artifacts on disk with what would be written')
    .argument('<files...>', 'policy files')
    .option('-o, --out-dir <dir>', 'folder of the artifacts; each workload has <dir>/<name>/', 'secpol-out')
    .option('-t, --target <targets>', TARGET_HELP, TARGET_DEFAULT)
    .addOption(kubernetesKindOption())
    .addOption(securityModuleOption())
    .option('--root <dir>', ROOT_HELP)
    .option('--compose-stack <file>', STACK_HELP)
    .addOption(formatOption())
    .action((files: string[], opts: { outDir: string; target: string; kubernetesKind: KubernetesKind; securityModule: string; format: string; root?: string; composeStack?: string }) => {
      const code = runCheck(files, opts, io);
      if (code !== 0) exit(code);
    });
}
