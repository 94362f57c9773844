/**
 * `secpol lint FILE…`: the security review of compiled policies as lint findings, with a score per
 * workload, as text, JSON or SARIF. Exit codes: 0 the run passes its gate, 1 a workload fails it (an
 * unsuppressed finding at `--fail-on` or above, by default an error; a score below `--min-score`) or
 * a policy does not compile, 2 a usage error (docs/lint.md).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { renderText, toJson } from '../compiler/diagnostics/render.js';
import { lintJson } from '../lint/format-json.js';
import { renderLintText } from '../lint/format-text.js';
import { FAIL_ON_CHOICES, gateFailures, type FailOn, type Gate } from '../lint/gate.js';
import type { WorkloadReport } from '../lint/lint.js';
import { lintSarif, type SarifNotification } from '../lint/sarif.js';
import { compileFiles, ROOT_HELP } from './policy-files.js';
import { parseTargets, TARGET_DEFAULT, TARGET_HELP } from './targets.js';
import { orUsageExit, reportUsageError } from './usage-error.js';
import { stdoutColor } from './color.js';
import type { Io } from './io.js';
import { VERSION } from './version.js';

/** `--min-score N`: a whole number from 0 to 100. */
function parseMinScore(value: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(value) || Number(value) > 100) throw new InvalidArgumentError('A score is a whole number from 0 to 100, e.g. `--min-score 80`.');
  return Number(value);
}

/** Registers `lint` on the program; `exit(code)` ends the command with a non-zero code. */
export function registerLintCommand(program: Command, io: Io, exit: (code: number) => never, color: boolean): void {
  program
    .command('lint')
    .description('review policies: security findings with stable rule ids, a score per workload (exit 1 on an unsuppressed error)')
    .argument('<files...>', 'policy files')
    .addOption(new Option('--format <format>', 'report as text, json or sarif').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'fail (exit 1) on an unsuppressed finding of this severity or above').choices([...FAIL_ON_CHOICES]).default('error'))
    .option('--min-score <n>', 'fail (exit 1) when a workload scores below N (0-100)', parseMinScore)
    .option('-t, --target <targets>', `${TARGET_HELP}; the rules that judge these targets' artifacts run too (SPL8xx: kubernetes)`, TARGET_DEFAULT)
    .option('--root <dir>', ROOT_HELP)
    .action((files: string[], opts: { format: 'text' | 'json' | 'sarif'; failOn: FailOn; minScore?: number; root?: string; target: string }) => {
      const gate: Gate = { failOn: opts.failOn, minScore: opts.minScore ?? null };
      const targets = orUsageExit(() => parseTargets(opts.target), io, exit);
      const compiled = compileFiles(io.cwd, files, { ...(opts.root === undefined ? {} : { root: opts.root }), targets });
      if ('unreadable' in compiled) {
        exit(reportUsageError(compiled.unreadable, io));
        return;
      }
      const reports: WorkloadReport[] = [];
      const failed = compiled.results.filter((r) => r.result.ir === null);
      for (const { result } of compiled.results) if (result.report) reports.push(result.report);
      // Only the errors of policies that do not compile: a policy that compiles is reported by its findings.
      const errors = failed.flatMap((r) => r.result.diagnostics.filter((d) => d.severity === 'error'));
      const failures = gateFailures(reports, gate);
      if (opts.format === 'text') {
        for (const d of errors) io.stderr.write(renderText(d, { color }) + '\n\n');
        if (failed.length > 0) io.stderr.write(`secpol: ${failed.length} ${failed.length === 1 ? 'policy does' : 'policies do'} not compile and ${failed.length === 1 ? 'was' : 'were'} not linted\n`);
        io.stdout.write(renderLintText(reports, { color: stdoutColor(io) }));
        for (const f of failures) io.stderr.write(`secpol lint: ${f.message}\n`);
      } else if (opts.format === 'json') {
        io.stdout.write(JSON.stringify(lintJson(VERSION, reports, errors.map(toJson), gate, failures), null, 2) + '\n');
      } else {
        const notifications: SarifNotification[] = errors.map((d) => {
          const p = d.span ? d.span.file.position(d.span.start) : { line: 1, column: 1 };
          return { level: 'error', code: d.code, message: d.message, file: d.span?.file.name ?? null, line: p.line, column: p.column };
        });
        io.stdout.write(JSON.stringify(lintSarif(VERSION, reports, notifications), null, 2) + '\n');
      }
      if (hasErrors(errors) || failures.length > 0) exit(1);
    });
}
