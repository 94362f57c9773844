/**
 * `secpol fmt FILE…`: rewrites policies in the canonical layout (src/format/format.ts), comments kept.
 * `--check` writes nothing and exits 1 with a diff for each file that is not canonical (for CI and
 * pre-commit hooks); `--stdout` prints the formatted text instead of writing. A file with syntax
 * errors gets its diagnostics and exit 1, and then no file is written. Exit codes: 0 done (or all
 * canonical), 1 a file is not canonical (`--check`) or has errors, 2 usage errors.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { formatPolicy } from '../format/format.js';
import { unifiedHunks } from '../review/line-diff.js';
import { paint as ansi } from '../compiler/diagnostics/render.js';
import { stderrColor, stdoutColor } from './color.js';
import { usageExit, type ExitWith } from './exit.js';
import { fsHost } from './fs-host.js';
import type { Io } from './io.js';
import { readPolicySource } from './policy-files.js';
import { printDiagnostics } from './print-diagnostics.js';
import { reportUsageError, UsageError } from './usage-error.js';
import { writeAllOrNothing } from './write-atomic.js';

/** Registers `fmt` on the program. */
export function registerFmtCommand(program: Command, io: Io, exit: ExitWith): void {
  program
    .command('fmt')
    .description('rewrite policies in the canonical layout, comments kept (--check: exit 1 and show the diff when a file is not canonical)')
    .argument('<files...>', 'policy files')
    .option('--check', 'write nothing; exit 1 and show what would change when a file is not canonical')
    .option('--stdout', 'print the formatted policies instead of writing them')
    .action((files: string[], opts: { check?: boolean; stdout?: boolean }) => {
      if (opts.check && opts.stdout) usageExit(io, exit, '`--check` and `--stdout` cannot be used together', 'drop one of the two options');
      const host = fsHost(io.cwd);
      const formatted: { file: string; before: string; after: string }[] = [];
      const errors: Diagnostic[] = [];
      try {
        for (const file of [...new Set(files)]) {
          const read = readPolicySource(io.cwd, host, file);
          if ('diagnostic' in read) {
            errors.push(read.diagnostic);
            continue;
          }
          const r = formatPolicy(file, read.text);
          if (r.ok) formatted.push({ file, before: read.text, after: r.text });
          else errors.push(...r.diagnostics);
        }
      } catch (e) {
        if (e instanceof UsageError) exit(reportUsageError(e, io));
        throw e;
      }
      if (errors.length > 0) {
        printDiagnostics(errors, io, stderrColor(io), 'nothing was formatted');
        exit(1);
      }
      const changed = formatted.filter((f) => f.after !== f.before);
      if (opts.stdout) {
        for (const f of formatted) io.stdout.write(formatted.length > 1 ? `==> ${f.file} <==\n${f.after}\n` : f.after);
        return;
      }
      if (opts.check) {
        const color = stdoutColor(io);
        for (const f of changed) {
          io.stdout.write(`${ansi(color, '1;31', 'not formatted')} ${f.file}\n${ansi(color, '1', `--- ${f.file} (as written)`)}\n${ansi(color, '1', `+++ ${f.file} (secpol fmt)`)}\n`);
          for (const line of unifiedHunks(f.before, f.after)) io.stdout.write(`${line.startsWith('@@') ? ansi(color, '36', line) : line.startsWith('-') ? ansi(color, '31', line) : line.startsWith('+') ? ansi(color, '32', line) : line}\n`);
          io.stdout.write('\n');
        }
        const n = formatted.length;
        io.stdout.write(changed.length === 0 ? `secpol fmt: ${n} ${n === 1 ? 'policy is' : 'policies are'} formatted\n` : `secpol fmt: ${changed.length} of ${n} ${n === 1 ? 'policy is' : 'policies are'} not formatted; run \`secpol fmt\` on ${changed.length === 1 ? 'it' : 'them'}\n`);
        if (changed.length > 0) exit(1);
        return;
      }
      try {
        writeAllOrNothing(changed.map((f) => ({ path: resolve(io.cwd, f.file), content: Buffer.from(f.after, 'utf8') })));
      } catch (e) {
        usageExit(io, exit, `cannot write the formatted policies: ${e instanceof Error ? e.message : String(e)}`, 'nothing was written');
      }
      for (const f of formatted) io.stdout.write(`${f.after === f.before ? 'unchanged' : 'formatted'} ${f.file}\n`);
    });
}
