/**
 * `secpol import`: a first policy from what a team already runs. `secpol import docker-run -- docker
 * run …` (or `--from-file run.sh`), `secpol import compose compose.yaml` (one SERVICE.secpol per
 * service, `--service` for one), `secpol import seccomp profile.json`, `secpol import
 * seccomp-profile spo.yaml`, or `secpol import FILE`, which tells the format from the text (`--as`
 * names it). The reports (W08xx) go to stderr, or to stdout with `--format json`. Existing files are
 * not overwritten without `--force`; nothing is written when the input has an error. Exit codes: 0
 * imported, 1 the input has errors, 2 usage errors.
 */
import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { Option, type Command } from 'commander';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { displayText } from '../compiler/diagnostics/display.js';
import { toJson } from '../compiler/diagnostics/render.js';
import { detectFormat, importPolicies, IMPORT_FORMATS, type ImportFormat } from '../import/import.js';
import { quote } from 'shell-quote';
import { stderrColor } from './color.js';
import { usageExit, type ExitWith } from './exit.js';
import { fsHost } from './fs-host.js';
import type { Io } from './io.js';
import { printDiagnostics } from './print-diagnostics.js';
import { VERSION } from './version.js';
import { writeAllOrNothing } from './write-atomic.js';

interface ImportOpts {
  as?: string;
  fromFile?: string;
  service?: string;
  name?: string;
  image?: string;
  output?: string;
  outDir?: string;
  stdout?: boolean;
  force?: boolean;
  format: string;
}

/** Registers `import` on the program. */
export function registerImportCommand(program: Command, io: Io, exit: ExitWith): void {
  program
    .command('import')
    .description('write a first policy from a docker run line, a Compose file or a seccomp profile, faithful to it, with a report of what it keeps and leaves out')
    .argument('<source>', 'docker-run, compose, seccomp, seccomp-profile, or a file whose format is told from its text')
    .argument('[input...]', 'the file (compose, seccomp, seccomp-profile), or for docker-run the command after `--`')
    .addOption(new Option('--as <format>', 'read FILE as this format').choices([...IMPORT_FORMATS]))
    .option('--from-file <file>', 'docker-run: read the command line from a file (a script; `\\` continues a line)')
    .option('--service <name>', 'compose: import only this service')
    .option('--name <name>', 'the workload name (docker-run, seccomp): default from --name or the image')
    .option('--image <image>', 'seccomp: the image of the workload (a profile names none)')
    .option('-o, --output <file>', 'where to write the policy (one workload); default NAME.secpol')
    .option('--out-dir <dir>', 'the folder to write SERVICE.secpol files into (default: the current folder)')
    .option('--stdout', 'print the policies instead of writing them')
    .option('--force', 'overwrite files that exist')
    .addOption(new Option('--format <format>', 'the report: text (stderr) or json (stdout)').choices(['text', 'json']).default('text'))
    .action((source: string, input: string[], opts: ImportOpts) => runImport(source, input, opts, io, exit));
}

function runImport(source: string, input: string[], opts: ImportOpts, io: Io, exit: ExitWith): void {
  let format: ImportFormat;
  let fileName: string;
  let text: string;
  if ((IMPORT_FORMATS as readonly string[]).includes(source)) {
    format = source as ImportFormat;
    if (opts.as !== undefined && opts.as !== format) usageExit(io, exit, `\`--as ${opts.as}\` contradicts \`${source}\``, 'drop one of the two');
    if (format === 'docker-run' && opts.fromFile === undefined) {
      if (input.length === 0) usageExit(io, exit, '`import docker-run` needs the command line', 'write it after `--`: `secpol import docker-run -- docker run … IMAGE`, or give `--from-file run.sh`');
      // The arguments become one shell line, quoted so that the reader splits it into the same words.
      fileName = '<command line>';
      text = quote(input) + '\n';
    } else {
      const file = format === 'docker-run' ? opts.fromFile! : input[0];
      if (file === undefined) usageExit(io, exit, `\`import ${format}\` needs a file`, `\`secpol import ${format} FILE\``);
      if (input.length > (format === 'docker-run' ? 0 : 1)) usageExit(io, exit, `\`import ${format}\` reads one file`, 'name one file');
      fileName = file!;
      text = readInput(file!, io, exit);
    }
  } else {
    if (input.length > 0) usageExit(io, exit, `\`${source}\` is not a format of \`secpol import\``, `the formats: ${IMPORT_FORMATS.join(', ')}; or one FILE alone`);
    fileName = source;
    text = readInput(source, io, exit);
    format = (opts.as as ImportFormat | undefined) ?? detectFormat(text);
  }
  if (opts.fromFile !== undefined && format !== 'docker-run') usageExit(io, exit, '`--from-file` is for `import docker-run`', `give the file as \`secpol import ${format} FILE\``);

  const result = importPolicies(format, fileName, text, { ...(opts.name ? { name: opts.name } : {}), ...(opts.service ? { service: opts.service } : {}), ...(opts.image ? { image: opts.image } : {}) });
  const failed = hasErrors(result.diagnostics);
  if (opts.output !== undefined && result.policies.length > 1) usageExit(io, exit, `\`-o\` names one file, and the source has ${result.policies.length} workloads`, 'use `--out-dir DIR` (or `--service NAME`)');

  const targets = result.policies.map((p) => {
    const file = opts.output ?? (opts.outDir !== undefined ? join(opts.outDir, `${p.name}.secpol`) : `${p.name}.secpol`);
    return { ...p, file, path: resolve(io.cwd, file) };
  });
  if (!failed && !opts.stdout && !opts.force) {
    const existing = targets.filter((t) => existsSync(t.path));
    if (existing.length > 0) usageExit(io, exit, `${existing.map((t) => `\`${t.file}\``).join(', ')} ${existing.length === 1 ? 'exists' : 'exist'}`, 'choose another place with `-o FILE` or `--out-dir DIR`, or overwrite with `--force`');
  }

  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify({ version: VERSION, ok: !failed, format, diagnostics: result.diagnostics.map(toJson), policies: targets.map((t) => ({ name: t.name, file: opts.stdout ? null : displayText(t.file), ...(opts.stdout ? { text: t.text } : {}) })) }, null, 2) + '\n');
  } else {
    printDiagnostics(result.diagnostics, io, stderrColor(io), 'nothing was written');
  }
  if (failed) exit(1);
  if (opts.stdout) {
    if (opts.format !== 'json') for (const t of targets) io.stdout.write(targets.length > 1 ? `# ==> ${t.name}.secpol <==\n${t.text}` : t.text);
    return;
  }
  try {
    writeAllOrNothing(targets.map((t) => ({ path: t.path, content: Buffer.from(t.text, 'utf8') })));
  } catch (e) {
    usageExit(io, exit, `cannot write the policies: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (opts.format !== 'json') for (const t of targets) io.stderr.write(`wrote ${displayText(t.file)}\n`);
  if (opts.format !== 'json' && targets.length > 0) io.stderr.write(`next: secpol lint ${targets.map((t) => displayText(t.file)).join(' ')} shows what to tighten\n`);
}

/** The text of an input file, or the usage error it cannot be read with. */
function readInput(file: string, io: Io, exit: ExitWith): string {
  const read = fsHost(io.cwd).readFile(file);
  const shown = displayText(file);
  if (read === undefined) return usageExit(io, exit, `cannot read \`${shown}\`: no such file`, 'check the path; it is relative to the current folder');
  if (typeof read === 'string') return read;
  return usageExit(io, exit, `cannot read \`${shown}\`: ${read.problem === 'too-large' ? 'it is larger than 1 MiB' : read.problem === 'not-text' ? 'it is not UTF-8 text' : (read.detail ?? read.problem)}`);
}
