/**
 * `secpol explain FILE [--syscall NAME | --capability NAME | --path PATH]`: why the compiled policy
 * allows or refuses something, traced back to the statement, group, preset or base that decides it;
 * without a selector, a summary of the workload's privileges; `--format json` gives the same answer
 * for programs. Exit codes: 0 answered, 1 the policy does not compile, 2 a usage error (an unknown
 * name, two selectors, an unreadable file).
 */
import { Option, type Command } from 'commander';
import { paint, renderText, toJson } from '../compiler/diagnostics/render.js';
import { explain, type Question } from '../explain/explain.js';
import { compileFiles, ROOT_HELP } from './policy-files.js';
import { reportUsageError } from './usage-error.js';
import { stdoutColor } from './color.js';
import { usageExit } from './exit.js';
import type { Io } from './io.js';
import { VERSION } from './version.js';

/** An answer coloured as diagnostics are: `help` and `note` labels, and the verdict of its first line. */
function paintAnswer(text: string): string {
  return text
    .replace(/^( *)(help|note):/gm, (_, indent: string, label: string) => `${indent}${paint(true, label === 'help' ? '1;36' : '1;32', label)}:`)
    .replace(/^(`[^`\n]*` is )(allowed|granted|refused|not allowed|not granted)\b/, (_, head: string, verdict: string) => `${head}${paint(true, verdict === 'allowed' || verdict === 'granted' ? '1;32' : '1;31', verdict)}`);
}

/** Registers `explain` on the program; `exit(code)` ends the command with a non-zero code. */
export function registerExplainCommand(program: Command, io: Io, exit: (code: number) => never, color: boolean): void {
  const usage = (msg: string, help: string): never => usageExit(io, exit, msg, help);
  program
    .command('explain')
    .description('explain why a policy allows a syscall, capability or path (or summarise its privileges)')
    .argument('<file>', 'policy file')
    .option('--syscall <name>', 'a syscall, e.g. openat')
    .option('--capability <name>', 'a capability, e.g. NET_BIND_SERVICE')
    .option('--path <path>', 'an absolute path inside the container, e.g. /tmp/cache')
    .addOption(new Option('--format <format>', 'the answer as text or json').choices(['text', 'json']).default('text'))
    .option('--root <dir>', ROOT_HELP)
    .action((file: string, opts: { syscall?: string; capability?: string; path?: string; format: 'text' | 'json'; root?: string }) => {
      const asked = (['syscall', 'capability', 'path'] as const).filter((k) => opts[k] !== undefined);
      if (asked.length > 1) usage(`\`--${asked[0]}\` and \`--${asked[1]}\` cannot be asked together`, 'ask one question at a time');
      const kind = asked[0];
      const q: Question = kind ? { kind, name: opts[kind]! } : { kind: 'summary' };
      const compiled = compileFiles(io.cwd, [file], opts.root === undefined ? {} : { root: opts.root });
      if ('unreadable' in compiled) return exit(reportUsageError(compiled.unreadable, io));
      const { result } = compiled.results[0]!;
      if (!result.ir && opts.format === 'json') {
        io.stdout.write(JSON.stringify({ version: VERSION, ok: false, file, diagnostics: result.diagnostics.map(toJson) }, null, 2) + '\n');
        return exit(1);
      }
      if (!result.ir) {
        for (const d of result.diagnostics.filter((x) => x.severity === 'error')) io.stderr.write(renderText(d, { color }) + '\n\n');
        io.stderr.write('secpol: the policy does not compile; nothing to explain\n');
        return exit(1);
      }
      const answer = explain(result, q);
      if (!answer.ok) return usage(answer.message, answer.help);
      if (opts.format === 'json') io.stdout.write(JSON.stringify({ version: VERSION, ok: true, file, workload: result.ir.name, question: q, answer: answer.answer, text: answer.text }, null, 2) + '\n');
      else io.stdout.write(stdoutColor(io) ? paintAnswer(answer.text) : answer.text);
    });
}
