/**
 * `secpol explain FILE [--syscall NAME | --capability NAME | --path PATH]`: why the compiled policy
 * allows or refuses something, traced back to the statement, group, preset or base that decides it;
 * without a selector, a summary of the workload's privileges; `--format json` gives the same answer
 * for programs. Exit codes: 0 answered, 1 the policy does not compile, 2 a usage error (an unknown
 * name, two selectors, an unreadable file). `--groups`, `--group NAME` and `--preset [NAME]` need no
 * file: they show what the language ships (the syscall groups and presets, src/explain/catalog.ts).
 */
import { Option, type Command } from 'commander';
import { paint, renderText, toJson } from '../compiler/diagnostics/render.js';
import { explain, type Question } from '../explain/explain.js';
import { describeGroup, describePreset, GROUP_NAMES, listGroups, PRESET_NAMES, type CatalogAnswer } from '../explain/catalog.js';
import { suggest } from '../compiler/diagnostics/suggest.js';
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
    .argument('[file]', 'policy file (not with --groups, --group or --preset)')
    .option('--syscall <name>', 'a syscall, e.g. openat')
    .option('--capability <name>', 'a capability, e.g. NET_BIND_SERVICE')
    .option('--path <path>', 'an absolute path inside the container, e.g. /tmp/cache')
    .option('--groups', 'list the syscall groups (`allow @NAME`)')
    .option('--group <name>', 'the syscalls of one group, e.g. network-server')
    .option('--preset [name]', 'a preset\'s policy text (`extends preset NAME`), or the list of presets')
    .addOption(new Option('--format <format>', 'the answer as text or json').choices(['text', 'json']).default('text'))
    .option('--root <dir>', ROOT_HELP)
    .action((file: string | undefined, opts: { syscall?: string; capability?: string; path?: string; groups?: boolean; group?: string; preset?: string | true; format: 'text' | 'json'; root?: string }) => {
      const shipped = (['groups', 'group', 'preset'] as const).filter((k) => opts[k] !== undefined);
      if (shipped.length > 0) {
        if (shipped.length > 1) usage(`\`--${shipped[0]}\` and \`--${shipped[1]}\` cannot be asked together`, 'ask one question at a time');
        if (file !== undefined || (opts.syscall ?? opts.capability ?? opts.path) !== undefined) usage(`\`--${shipped[0]}\` is about the language, not a policy`, `leave out the policy file and the other question: \`secpol explain --${shipped[0]}${shipped[0] === 'groups' ? '' : ' NAME'}\``);
        let answer: CatalogAnswer | null;
        let question: Record<string, unknown>;
        if (opts.groups) [answer, question] = [listGroups(), { kind: 'groups' }];
        else if (opts.group !== undefined) {
          answer = describeGroup(opts.group);
          question = { kind: 'group', name: opts.group };
          if (!answer) {
            const guess = suggest(opts.group.replace(/^@/, ''), GROUP_NAMES);
            usage(`unknown syscall group \`${opts.group}\``, guess ? `did you mean \`${guess}\`? \`secpol explain --groups\` lists them` : '`secpol explain --groups` lists them');
          }
        } else {
          const name = opts.preset === true ? null : opts.preset!;
          answer = describePreset(name);
          question = name === null ? { kind: 'presets' } : { kind: 'preset', name };
          if (!answer) {
            const guess = suggest(name!, PRESET_NAMES);
            usage(`unknown preset \`${name}\``, guess ? `did you mean \`${guess}\`? presets are ${PRESET_NAMES.join(', ')}` : `presets are ${PRESET_NAMES.join(', ')}`);
          }
        }
        if (opts.format === 'json') io.stdout.write(JSON.stringify({ version: VERSION, ok: true, question, answer: answer!.data, text: answer!.text }, null, 2) + '\n');
        else io.stdout.write(answer!.text);
        return;
      }
      if (file === undefined) return usage('`explain` needs a policy file, or one of `--groups`, `--group NAME`, `--preset [NAME]`', 'e.g. `secpol explain web.secpol --syscall openat` or `secpol explain --group network-server`');
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
