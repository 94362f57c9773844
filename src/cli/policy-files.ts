/**
 * Reading and compiling the policy files a command names (only the CLI reads the file system). A
 * file that cannot be a policy at all (missing, a directory, a FIFO or device) is a usage error; one
 * that is a file but not a policy (too large, binary) compiles to its one diagnostic; a file named
 * twice is compiled once.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { CompilerHost } from '../compiler/3-resolve/load.js';
import { compile } from '../compiler/compile.js';
import { diag, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { displayText } from '../compiler/diagnostics/display.js';
import { DEFAULT_RULES, rulesForTargets } from '../lint/rules.js';
import { advise, type AdvisedResult } from '../lint/advise.js';
import { fsHost } from './fs-host.js';
import { UsageError } from './usage-error.js';

/** One compiled policy, named as the user named it. */
export interface CompiledFile {
  readonly file: string;
  readonly result: AdvisedResult;
}

/** The help of every command's `--root` option. */
export const ROOT_HELP = 'the folder every base a policy extends must be under (default: the folder of each policy)';

/** How the files are compiled. */
export interface PolicyOptions {
  /** The folder every base must be under (`--root`); by default each policy's own folder. */
  readonly root?: string;
  /** The targets being built: the advisory rules that judge one of them run too (`kubernetes`). */
  readonly targets?: readonly string[];
}

const failed = (d: ReturnType<typeof diag>): AdvisedResult => ({ ir: null, workload: null, diagnostics: [d], files: [], bases: [], report: null });

/** A few of the policy files in a folder, for the hint when a folder is named. */
function policiesIn(cwd: string, dir: string): string[] {
  try {
    return readdirSync(resolve(cwd, dir)).filter((f) => f.endsWith('.secpol')).sort().slice(0, 3).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** The root in the style of `file`: absolute for an absolute file, else relative to `cwd`. */
export function rootFor(cwd: string, root: string, file: string): string {
  const full = resolve(cwd, root);
  return isAbsolute(file) ? full : relative(cwd, full) || '.';
}

/**
 * Reads one top-level policy through `host`: its text, or the diagnostic a file that is no policy
 * gets (too large, not text); throws the usage error a missing, unreadable or special file is.
 */
export function readPolicySource(cwd: string, host: CompilerHost, file: string): { readonly text: string } | { readonly diagnostic: Diagnostic } {
  const shown = displayText(file);
  const read = host.readFile(file);
  if (read === undefined) throw new UsageError(`cannot read policy file \`${shown}\`: no such file`, 'check the path; it is relative to the current folder');
  if (typeof read === 'string') return { text: read };
  switch (read.problem) {
    case 'directory': {
      const some = policiesIn(cwd, file);
      throw new UsageError(`\`${shown}\` is a directory, not a policy file`, some.length > 0 ? `name the policies in it, e.g. ${some.map((f) => `\`${displayText(f)}\``).join(', ')} (or \`${shown}/*.secpol\`)` : 'name a .secpol file');
    }
    case 'special':
      throw new UsageError(`\`${shown}\` is ${read.detail ?? 'not a regular file'}, not a policy file`, 'name a .secpol file');
    case 'unreadable':
    case 'outside-root':
      throw new UsageError(`cannot read policy file \`${shown}\`: ${read.detail ?? 'refused'}`, 'check its permissions');
    case 'too-large':
      return { diagnostic: diag('E0108', null, { file, limit: '1 MiB' }) };
    case 'not-text':
      return { diagnostic: diag('E0109', null, { file, what: (read.detail ?? 'bytes that are not text').replace(/^it holds /, '') }) };
  }
}

/** Reads and compiles one top-level policy through `host`, or throws the usage error it is. */
export function compilePolicy(cwd: string, host: CompilerHost, file: string, opts: PolicyOptions = {}): AdvisedResult {
  const read = readPolicySource(cwd, host, file);
  if ('diagnostic' in read) return failed(read.diagnostic);
  return advise(file, compile(file, read.text, host, opts.root === undefined ? {} : { root: rootFor(cwd, opts.root, file) }), opts.targets ? rulesForTargets(opts.targets) : DEFAULT_RULES);
}

/** The identity of a file for spotting one named twice: its real path, else its full path. */
function identity(cwd: string, file: string): string {
  const full = resolve(cwd, file);
  try {
    return realpathSync(full);
  } catch {
    return full;
  }
}

/**
 * Compiles each file once, in order, through one host (a base shared by several is read once).
 * `keep` may replace each result by what the caller needs of it later. Files named again are left
 * out, and returned as `repeated`.
 */
export function compilePolicies(
  cwd: string,
  files: readonly string[],
  opts: PolicyOptions = {},
  keep: (file: string, result: AdvisedResult) => AdvisedResult = (_, r) => r,
  tick: (done: number) => void = () => {},
): { results: CompiledFile[]; repeated: string[] } {
  const host = fsHost(cwd);
  const seen = new Set<string>();
  const results: CompiledFile[] = [];
  const repeated: string[] = [];
  for (const file of files) {
    const id = identity(cwd, file);
    if (seen.has(id)) {
      repeated.push(file);
      continue;
    }
    seen.add(id);
    results.push({ file, result: keep(file, compilePolicy(cwd, host, file, opts)) });
    tick(results.length);
  }
  return { results, repeated };
}

/** The note printed for files named more than once. */
export const repeatedNote = (repeated: readonly string[]): string =>
  repeated.length === 0 ? '' : `secpol: note: ${[...new Set(repeated)].map((f) => `\`${displayText(f)}\``).join(', ')} named more than once; each policy is compiled once\n`;

/** Compiles each file (review commands: lint, explain), or returns the usage error of the first that cannot be read. */
export function compileFiles(cwd: string, files: readonly string[], opts: PolicyOptions = {}): { results: CompiledFile[] } | { unreadable: UsageError } {
  try {
    return { results: compilePolicies(cwd, files, opts).results };
  } catch (e) {
    if (e instanceof UsageError) return { unreadable: e };
    throw e;
  }
}
