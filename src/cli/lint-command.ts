/**
 * `secpol lint FILE…`: the security review of compiled policies as lint findings, with a score per
 * workload, as text, JSON or SARIF. Exit codes: 0 no unsuppressed error-level finding, 1 such a
 * finding or a policy that does not compile, 2 a usage error (docs/lint.md).
 */
import { Option, type Command } from 'commander';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { renderText, toJson } from '../compiler/diagnostics/render.js';
import { lintJson } from '../lint/format-json.js';
import { renderLintText } from '../lint/format-text.js';
import { hasErrorFindings, lintPolicy, type WorkloadReport } from '../lint/lint.js';
import { lintSarif, type SarifNotification } from '../lint/sarif.js';
import { compileFiles, ROOT_HELP } from './policy-files.js';
import { reportUsageError } from './usage-error.js';
import type { Io } from './main.js';
import { VERSION } from './version.js';

/** Registers `lint` on the program; `exit(code)` ends the command with a non-zero code. */
export function registerLintCommand(program: Command, io: Io, exit: (code: number) => never, color: boolean): void {
  program
    .command('lint')
    .description('review policies: security findings with stable rule ids, a score per workload (exit 1 on an unsuppressed error)')
    .argument('<files...>', 'policy files')
    .addOption(new Option('--format <format>', 'report as text, json or sarif').choices(['text', 'json', 'sarif']).default('text'))
    .option('--root <dir>', ROOT_HELP)
    .action((files: string[], opts: { format: 'text' | 'json' | 'sarif'; root?: string }) => {
      const compiled = compileFiles(io.cwd, files, opts.root === undefined ? {} : { root: opts.root });
      if ('unreadable' in compiled) {
        exit(reportUsageError(compiled.unreadable, io));
        return;
      }
      const reports: WorkloadReport[] = [];
      const failed = compiled.results.filter((r) => r.result.ir === null);
      for (const { file, result } of compiled.results) if (result.ir) reports.push(lintPolicy(file, result));
      // Only the errors of policies that do not compile: the lint rules cover the compiler's warnings.
      const errors = failed.flatMap((r) => r.result.diagnostics.filter((d) => d.severity === 'error'));
      if (opts.format === 'text') {
        for (const d of errors) io.stderr.write(renderText(d, { color }) + '\n\n');
        if (failed.length > 0) io.stderr.write(`secpol: ${failed.length} ${failed.length === 1 ? 'policy does' : 'policies do'} not compile and ${failed.length === 1 ? 'was' : 'were'} not linted\n`);
        io.stdout.write(renderLintText(reports));
      } else if (opts.format === 'json') {
        io.stdout.write(JSON.stringify(lintJson(VERSION, reports, errors.map(toJson)), null, 2) + '\n');
      } else {
        const notifications: SarifNotification[] = errors.map((d) => {
          const p = d.span ? d.span.file.position(d.span.start) : { line: 1, column: 1 };
          return { level: 'error', code: d.code, message: d.message, file: d.span?.file.name ?? null, line: p.line, column: p.column };
        });
        io.stdout.write(JSON.stringify(lintSarif(VERSION, reports, notifications), null, 2) + '\n');
      }
      if (hasErrors(errors) || reports.some(hasErrorFindings)) exit(1);
    });
}
