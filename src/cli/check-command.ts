/**
 * `secpol build --check FILE…` (also `secpol verify`): builds the artifacts in memory and compares
 * them with the files under the output folder, as `prettier --check` does. Writes nothing. Exit
 * codes: 0 every artifact is up to date, 1 one is missing or differs (or a policy has errors), 2
 * usage errors.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { paint as ansi, toJson } from '../compiler/diagnostics/render.js';
import { emitAll } from '../emitters/index.js';
import { unifiedHunks } from '../review/line-diff.js';
import { compilePolicies, repeatedNote } from './policy-files.js';
import { composeStackFile } from './compose-stack-file.js';
import { parseSecurityModules, parseTargets, SECURITY_MODULE_DEFAULT } from './targets.js';
import type { KubernetesKind } from '../emitters/artifact.js';
import type { Io } from './io.js';
import { stderrColor, stdoutColor } from './color.js';
import { printDiagnostics } from './print-diagnostics.js';
import { reportUsageError, UsageError } from './usage-error.js';
import { VERSION } from './version.js';

/** The options `build --check` and `verify` share with `build`. */
export interface CheckOptions {
  readonly outDir: string;
  readonly target: string;
  readonly format: string;
  readonly stdout?: boolean;
  readonly root?: string;
  /** `--kubernetes-kind`: the object that holds the pod in `kubernetes/`. */
  readonly kubernetesKind?: KubernetesKind;
  /** `--security-module`, as written (default both). */
  readonly securityModule?: string;
  /** `--compose-stack`: the batch's one Compose file, compared too. */
  readonly composeStack?: string;
}

/** How one artifact on disk compares with what would be written. */
type Status = 'ok' | 'missing' | 'stale';

/** Runs the check and gives its exit code. */
export function runCheck(files: readonly string[], opts: CheckOptions, io: Io): number {
  try {
    return check(files, opts, io);
  } catch (e) {
    if (e instanceof UsageError) return reportUsageError(e, io);
    throw e;
  }
}

function check(files: readonly string[], opts: CheckOptions, io: Io): number {
  if (opts.stdout) throw new UsageError('`--check` compares the files on disk; it cannot be used with `--stdout`', 'drop one of the two options');
  const targets = parseTargets(opts.target);
  const securityModules = parseSecurityModules(opts.securityModule ?? SECURITY_MODULE_DEFAULT);
  const { results, repeated } = compilePolicies(io.cwd, files, { ...(opts.root === undefined ? {} : { root: opts.root }), targets });
  if (opts.format !== 'json') io.stderr.write(repeatedNote(repeated));
  const diagnostics = results.flatMap((r) => r.result.diagnostics);
  if (hasErrors(diagnostics)) {
    if (opts.format === 'json') io.stdout.write(JSON.stringify({ version: VERSION, ok: false, diagnostics: diagnostics.map(toJson), artifacts: [] }, null, 2) + '\n');
    else printDiagnostics(diagnostics, io, stderrColor(io), 'nothing was compared');
    return 1;
  }
  if (opts.format !== 'json') printDiagnostics(diagnostics, io, stderrColor(io), '');
  const owner = new Map<string, string>();
  for (const r of results) {
    const prev = owner.get(r.result.ir!.name);
    if (prev) throw new UsageError(`\`${r.file}\` and \`${prev}\` both define workload \`${r.result.ir!.name}\`; their artifacts would overwrite each other`);
    owner.set(r.result.ir!.name, r.file);
  }

  const color = stdoutColor(io);
  const paint = (code: string, s: string): string => ansi(color, code, s);
  const emitOptions = { kubernetesKind: opts.kubernetesKind ?? 'deployment', securityModules } as const;
  const built = results.map((r) => ({ file: r.file, ir: r.result.ir!, files: r.result.files, artifacts: emitAll(r.result.ir!, targets, emitOptions) }));
  // Every file to compare: each workload's artifacts, then the stack file of --compose-stack.
  const wanted: { workload: string | null; path: string; shown: string; content: string; from: string }[] = built.flatMap((b) =>
    b.artifacts.map((a) => ({ workload: b.ir.name, path: resolve(io.cwd, opts.outDir, b.ir.name, a.path), shown: join(opts.outDir, b.ir.name, a.path), content: a.content, from: b.file })),
  );
  if (opts.composeStack !== undefined) {
    const stack = composeStackFile(io.cwd, opts.outDir, opts.composeStack, built.map((b) => ({ ir: b.ir, files: b.files, artifacts: b.artifacts.map((a) => a.path) })), { securityModules });
    if ('diagnostics' in stack) {
      if (opts.format === 'json') io.stdout.write(JSON.stringify({ version: VERSION, ok: false, diagnostics: [...diagnostics, ...stack.diagnostics].map(toJson), artifacts: [] }, null, 2) + '\n');
      else printDiagnostics(stack.diagnostics, io, stderrColor(io), 'nothing was compared');
      return 1;
    }
    wanted.push({ workload: null, path: stack.path, shown: stack.shown, content: stack.content, from: built.length === 1 ? built[0]!.file : `${built.length} policies` });
  }
  const report: { workload: string | null; path: string; status: Status }[] = [];
  for (const w of wanted) {
    let onDisk: string | undefined;
    try {
      onDisk = readFileSync(w.path, 'utf8');
    } catch {
      onDisk = undefined;
    }
    const status: Status = onDisk === undefined ? 'missing' : onDisk === w.content ? 'ok' : 'stale';
    report.push({ workload: w.workload, path: w.shown, status });
    if (opts.format === 'json' || status === 'ok') continue;
    if (status === 'missing') {
      io.stdout.write(`${paint('1;31', 'missing')} ${w.shown} (built from ${w.from})\n`);
      continue;
    }
    io.stdout.write(`${paint('1;31', 'differs')} ${w.shown} (built from ${w.from})\n`);
    io.stdout.write(`${paint('1', `--- ${w.shown} (on disk)`)}\n${paint('1', `+++ ${w.shown} (from ${w.from})`)}\n`);
    for (const line of unifiedHunks(onDisk!, w.content)) {
      const tint = line.startsWith('@@') ? '36' : line.startsWith('-') ? '31' : line.startsWith('+') ? '32' : line.startsWith('…') ? '2' : '';
      io.stdout.write(`${tint ? paint(tint, line) : line}\n`);
    }
    io.stdout.write('\n');
  }
  const bad = report.filter((x) => x.status !== 'ok');
  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify({ version: VERSION, ok: bad.length === 0, diagnostics: diagnostics.map(toJson), artifacts: report }, null, 2) + '\n');
    return bad.length === 0 ? 0 : 1;
  }
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (bad.length === 0) {
    const policies = results.length === 1 ? '1 policy' : `${results.length} policies`;
    io.stdout.write(`secpol: ${plural(report.length, 'artifact')} of ${policies} up to date in ${opts.outDir}\n`);
    return 0;
  }
  const missing = bad.filter((x) => x.status === 'missing').length;
  const parts = [...(missing > 0 ? [`${missing} missing`] : []), ...(bad.length - missing > 0 ? [`${bad.length - missing} differ${bad.length - missing === 1 ? 's' : ''}`] : [])];
  io.stderr.write(`secpol: ${bad.length} of ${plural(report.length, 'artifact')} out of date (${parts.join(', ')}); nothing was written\n`);
  io.stderr.write(`help: run \`secpol build\` with the same files and options to regenerate them, and review the change\n`);
  return 1;
}
