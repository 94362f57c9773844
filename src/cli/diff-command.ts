/**
 * `secpol diff OLD NEW`: the privilege diff of two versions of a policy, each a file or `REV:PATH`
 * read from git. Exit codes: 0 privilege did not grow, 3 it grew (so CI can ask for a security
 * review), 1 policy errors on either side, 2 usage errors. docs/review.md describes the output.
 */
import { existsSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { compile, type CompileResult } from '../compiler/compile.js';
import { advise } from '../lint/advise.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { toJson } from '../compiler/diagnostics/render.js';
import { SourceFile } from '../compiler/source.js';
import { diffPrivileges } from '../review/privilege-diff.js';
import { DIFF_JSON_VERSION, diffToJson, renderDiffMarkdown, renderDiffText, type DiffSide } from '../review/render-diff.js';
import { fsHost } from './fs-host.js';
import { compilePolicy, rootFor } from './policy-files.js';
import { openGitRevision } from './git-revision.js';
import type { Io } from './io.js';
import { stderrColor, stdoutColor } from './color.js';
import { printDiagnostics } from './print-diagnostics.js';
import { reportUsageError, UsageError } from './usage-error.js';

/** The output forms of `secpol diff`. */
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;

/** Exit code when privilege grew. */
export const EXIT_PRIVILEGE_GREW = 3;

/** One side compiled, with its diagnostics' file names as the user wrote the side. */
interface Side {
  readonly display: string;
  readonly result: CompileResult;
  readonly diagnostics: readonly Diagnostic[];
}

/** Runs `secpol diff` and gives its exit code. */
export function runDiff(oldSpec: string, newSpec: string, opts: { readonly format: string; readonly root?: string }, io: Io): number {
  try {
    const before = compileSide(oldSpec, io, opts.root);
    const after = compileSide(newSpec, io, opts.root);
    const diagnostics = [...before.diagnostics, ...after.diagnostics];
    const failed = hasErrors(diagnostics);
    const sideOf = (s: Side): DiffSide => ({ file: s.display, workload: s.result.ir?.name ?? '' });
    if (failed) {
      if (opts.format === 'json') {
        const empty = { diffVersion: DIFF_JSON_VERSION, ok: false, before: sideOf(before), after: sideOf(after), privilegeGrew: false, summary: { growth: 0, reduction: 0, neutral: 0 }, changes: [] };
        io.stdout.write(JSON.stringify({ ...empty, diagnostics: diagnostics.map(toJson) }, null, 2) + '\n');
      } else printDiagnostics(diagnostics, io, stderrColor(io), 'no diff was made');
      return 1;
    }
    const d = diffPrivileges(before.result.ir!, after.result.ir!);
    if (opts.format === 'json') {
      const j = diffToJson(d, sideOf(before), sideOf(after));
      io.stdout.write(JSON.stringify({ diffVersion: j['diffVersion'], ok: true, ...j, diagnostics: diagnostics.map(toJson) }, null, 2) + '\n');
    } else if (opts.format === 'markdown') io.stdout.write(renderDiffMarkdown(d, sideOf(before), sideOf(after)));
    else io.stdout.write(renderDiffText(d, sideOf(before), sideOf(after), { color: stdoutColor(io) }));
    return d.grew ? EXIT_PRIVILEGE_GREW : 0;
  } catch (e) {
    if (e instanceof UsageError) return reportUsageError(e, io);
    throw e;
  }
}

/**
 * Reads and compiles one side. A file that exists is a file, even with a colon in its name;
 * otherwise `REV:PATH` is PATH (relative to the current folder) at git revision REV, and the bases
 * it extends are read at REV too.
 */
function compileSide(spec: string, io: Io, root: string | undefined): Side {
  const colon = spec.indexOf(':');
  if (colon < 0 || existsSync(resolve(io.cwd, spec))) {
    const result = compilePolicy(io.cwd, fsHost(io.cwd), spec, root === undefined ? {} : { root });
    return { display: spec, result, diagnostics: result.diagnostics };
  }
  const rev = spec.slice(0, colon);
  const path = spec.slice(colon + 1);
  if (path === '') throw new UsageError(`\`${spec}\` names no file after the revision`, 'write REV:PATH, e.g. `main:web.secpol`');
  const git = openGitRevision(io.cwd, rev, io.env);
  const fileName = posix.normalize(path);
  // Only a base may lie outside the repository (it is then read from disk); a side named `REV:PATH`
  // must be versioned, or the diff would be labelled with a revision it was never read at.
  if (!git.inRepository(fileName))
    throw new UsageError(`\`${path}\` is outside the git repository, so it has no version at \`${rev}\``, 'name a file inside the repository, relative to the current folder; compare a file outside it without REV:');
  const text = git.readFile(fileName);
  if (typeof text === 'object') throw new UsageError(`\`${path}\` at git revision \`${rev}\` is not a policy file (${text.problem})`, 'name a .secpol file');
  if (text === undefined) throw new UsageError(`\`${path}\` does not exist at git revision \`${rev}\``, `check the path, relative to the current folder; \`git ls-tree -r --name-only ${rev}\` lists the files there`);
  const result = advise(fileName, compile(fileName, text, git, root === undefined ? {} : { root: rootFor(io.cwd, root, fileName) }));
  // Diagnostics name the files as they were read: `REV:PATH` for every file read from git.
  const rename = (name: string): string => (name.startsWith('<preset:') || !git.inRepository(name) ? name : `${rev}:${name}`);
  return { display: `${rev}:${fileName}`, result, diagnostics: renameFiles(result.diagnostics, rename) };
}

/** The diagnostics with every span's file renamed (same text, same offsets). */
function renameFiles(diagnostics: readonly Diagnostic[], rename: (name: string) => string): Diagnostic[] {
  const files = new Map<SourceFile, SourceFile>();
  const file = (f: SourceFile): SourceFile => {
    let r = files.get(f);
    if (!r) files.set(f, (r = new SourceFile(rename(f.name), f.text)));
    return r;
  };
  return diagnostics.map((d) => ({
    ...d,
    span: d.span ? { ...d.span, file: file(d.span.file) } : null,
    labels: d.labels.map((l) => ({ ...l, span: { ...l.span, file: file(l.span.file) } })),
  }));
}
