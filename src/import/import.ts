/**
 * The import stage: a source text → its reader → the neutral model → one policy text per workload,
 * in `secpol fmt`'s layout, compiled to prove it builds. Pure: the CLI reads the source and writes
 * the policies. A source with an error gives no policy at all (nothing partial is written).
 */
import { compile } from '../compiler/compile.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { diag } from '../compiler/diagnostics/diagnostic.js';
import { SourceFile } from '../compiler/source.js';
import { formatPolicy } from '../format/format.js';
import { readCompose } from './compose/read-compose.js';
import { readDockerRun } from './docker-run/read-docker-run.js';
import { printPolicy } from './print-policy.js';
import { readSeccompProfile, readSpoProfile } from './seccomp/read-seccomp.js';
import type { ReadResult } from './settings.js';

/** The source formats `secpol import` reads. */
export const IMPORT_FORMATS = ['docker-run', 'compose', 'seccomp', 'seccomp-profile'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** How to import. */
export interface ImportOptions {
  /** The workload name (docker run and seccomp profiles; Compose services keep theirs). */
  readonly name?: string;
  /** Only this Compose service. */
  readonly service?: string;
  /** The image of a policy imported from a seccomp profile, which names none. */
  readonly image?: string;
}

/** One imported policy: the workload's name and its text. */
export interface ImportedText {
  readonly name: string;
  readonly text: string;
}

/** What importing gives: the policies (none when there is an error) and every diagnostic, sorted. */
export interface ImportResult {
  readonly policies: readonly ImportedText[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads `text` (known to the user as `fileName`) as `format`, and prints its policies. */
export function importPolicies(format: ImportFormat, fileName: string, text: string, options: ImportOptions = {}): ImportResult {
  const file = new SourceFile(fileName, text);
  const read = readAs(format, file, options);
  const all: Diagnostic[] = [...read.diagnostics];
  const out: ImportedText[] = [];
  for (const p of read.policies) {
    if (options.name !== undefined && format !== 'compose') p.workload.name = options.name;
    all.push(...p.diagnostics);
    if (hasErrors(p.diagnostics)) continue;
    const printed = printPolicy(p.workload, p.span);
    all.push(...printed.diagnostics);
    const policyName = `${p.workload.name}.secpol`;
    const formatted = formatPolicy(policyName, printed.text);
    const canonical = formatted.ok ? formatted.text : printed.text;
    const compiled = compile(policyName, canonical, { readFile: () => undefined });
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (!formatted.ok || errors.length > 0) {
      // A value the language refuses (a path with a quote, an image Docker would not pull): the
      // compiler's own diagnostic, pointing into the policy the import would have written.
      all.push(...(formatted.ok ? errors : formatted.diagnostics));
      all.push(diag('E0803', p.span, { what: 'workload', value: p.workload.name, why: `the policy it imports to does not compile (see the errors in \`${policyName}\`)` }));
      continue;
    }
    out.push({ name: p.workload.name, text: canonical });
  }
  const diagnostics = sortDiagnostics(all);
  return { policies: hasErrors(diagnostics) ? [] : out, diagnostics };
}

function readAs(format: ImportFormat, file: SourceFile, options: ImportOptions): ReadResult {
  switch (format) {
    case 'docker-run':
      return readDockerRun(file);
    case 'compose':
      return readCompose(file, options.service);
    case 'seccomp':
      return readSeccompProfile(file, options.image);
    case 'seccomp-profile':
      return readSpoProfile(file, options.image);
  }
}

/** The format of a file from its text: a Compose file, an SPO SeccompProfile, a Docker seccomp profile or a docker run line. */
export function detectFormat(text: string): ImportFormat {
  const t = text.trimStart();
  if (t.startsWith('{')) return 'seccomp';
  if (/^kind:\s*SeccompProfile\s*$/m.test(text)) return 'seccomp-profile';
  if (/^services:\s*$/m.test(text)) return 'compose';
  return 'docker-run';
}
