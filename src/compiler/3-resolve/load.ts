/**
 * Phase 3: loading a policy with every base it extends, through the host (only the CLI touches the
 * file system), detecting cycles and missing files, and merging the chain.
 */
import { posix as path } from 'node:path';
import type { ExtendsAst, PolicyAst, WorkloadAst } from '../ast.js';
import { parseFile } from '../1-parse/parse-file.js';
import { decode } from '../2-decode/decode.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile, type Span } from '../source.js';
import { mergeWorkloads } from './merge.js';
import { PRESETS } from '../data/presets.js';
import { suggest } from '../diagnostics/suggest.js';
import { MAX_FILE_BYTES } from '../limits.js';

/** Why a host would not give a file's text (a missing file is `undefined`). */
export interface ReadRefusal {
  readonly problem: 'directory' | 'special' | 'too-large' | 'not-text' | 'outside-root' | 'unreadable';
  /** For `special`: what the file is (`a FIFO`, `a character device` …); for `not-text`: what it holds. */
  readonly detail?: string;
}

/** What the compiler needs from its environment. */
export interface CompilerHost {
  /**
   * The text of a file, undefined when there is none, or why it is refused. `root` is the folder a
   * base must be under: a host that follows symbolic links refuses a file whose real path leaves it.
   */
  readFile(fileName: string, root?: string): string | undefined | ReadRefusal;
}

/** A text without its UTF-8 byte-order mark: editors hide it, and it is no part of the policy. */
export const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** True when `p` is `root` or inside it (both normalised posix paths, both relative to one folder or both absolute). */
export function isWithin(root: string, p: string): boolean {
  // Relative paths may climb (`../..`): place both under a folder deep enough that neither climbs out of it.
  const ups = (x: string): number => x.split('/').filter((c) => c === '..').length;
  const base = path.isAbsolute(root) ? '/' : `/${'_/'.repeat(ups(root) + ups(p) + 1)}`;
  const r = path.resolve(base, root);
  const q = path.resolve(base, p);
  return q === r || q.startsWith(r === '/' ? '/' : `${r}/`);
}

/**
 * A base must look like a policy before any of it is parsed, so that a file that is not one (an
 * environment file, /etc/passwd, a token file) is refused without a word of it in a diagnostic:
 * after blank lines and comments, its first word is `extends` or `workload`.
 */
function notAPolicy(text: string): string | null {
  const first = /^(?:[ \t\r]*(?:#[^\n]*)?\n)*[ \t\r]*(\S*)/.exec(text.slice(0, 64 * 1024));
  const word = first?.[1] ?? '';
  if (word === '') return 'it holds no statement';
  return /^(?:extends|workload)(?![A-Za-z0-9_.\/*:@%+~?-])/.test(word) ? null : 'its first statement is not `extends` or `workload`';
}

/** A base policy or preset in the chain, and the `extends` statement that first brought it in. */
export interface BaseLink {
  /** The base's file name as the compiler knows it (`examples/shared/base.secpol`, `<preset:batch-job>`). */
  readonly file: string;
  /** The path or preset name in the `extends` statement that names it. */
  readonly via: Span;
}

/** A loaded policy: its own AST, the merged workload, and every source file read. */
export interface Loaded {
  readonly workload: WorkloadAst | null;
  readonly files: readonly SourceFile[];
  /** Every base in load order, with where it is extended from (for explain and lint locations). */
  readonly bases: readonly BaseLink[];
  readonly diagnostics: readonly Diagnostic[];
  /** False when some statement could not be decoded (the workload then lacks it). */
  readonly complete: boolean;
}

/** Loads `fileName` (as the user named it) with its bases. */
export function loadPolicy(fileName: string, text: string, host: CompilerHost, root: string = path.dirname(path.normalize(fileName))): Loaded {
  const diagnostics: Diagnostic[] = [];
  const files: SourceFile[] = [];
  const bases: BaseLink[] = [];
  const order: WorkloadAst[] = [];
  const done = new Set<string>();
  let complete = true;

  const visit = (key: string, source: SourceFile, stack: string[]): boolean => {
    const { file, parseDiagnostics, decoded } = stack.length === 0 ? parseAndDecode(source) : parseAndDecodeBase(source);
    files.push(file);
    diagnostics.push(...parseDiagnostics);
    if (!decoded) return false;
    const { ast, diagnostics: ds } = decoded;
    diagnostics.push(...ds);
    if (ds.some((d) => d.severity === 'error')) complete = false;
    let ok = true;
    for (const ext of ast.extends) {
      const next = resolveBase(ext, file, host, path.normalize(root), diagnostics);
      if (!next) {
        ok = false;
        continue;
      }
      if (stack.includes(next.key) || next.key === key) {
        const chain = [...stack, key, next.key].slice([...stack, key].indexOf(next.key)).map(display).join(' → ');
        diagnostics.push(diag('E0701', span(ext), { chain }, { help: 'remove one of the `extends` lines in the cycle' }));
        ok = false;
        continue;
      }
      if (done.has(next.key)) continue; // a diamond: the shared base is merged once, first
      bases.push({ file: next.key, via: span(ext) });
      if (!visit(next.key, next.file, [...stack, key])) ok = false;
    }
    done.add(key);
    if (ast.workload) order.push(stamp(ast.workload, order.length));
    return ok;
  };

  const ok = visit(fileName, new SourceFile(fileName, withoutBom(text)), []);
  const workload = ok && order.length > 0 ? mergeWorkloads(order) : null;
  return { workload, files, bases, diagnostics, complete };
}

const display = (key: string): string => key;

interface Decoded {
  /** The file the spans point into. */
  readonly file: SourceFile;
  readonly parseDiagnostics: readonly Diagnostic[];
  readonly decoded: { readonly ast: PolicyAst; readonly diagnostics: readonly Diagnostic[] } | null;
}

/** Phases 1 and 2 for one file. */
function parseAndDecode(file: SourceFile): Decoded {
  const parsed = parseFile(file);
  return { file, parseDiagnostics: parsed.diagnostics, decoded: parsed.tree ? decode(file, parsed.tree, 0) : null };
}

/**
 * Parsed and decoded bases and presets, by name, each with the text it was made from. Both phases
 * are pure functions of the text and their results are readonly, so a batch whose policies extend
 * one base parses it once (and its spans all point into one SourceFile); a base whose text changed
 * replaces its entry. Bounded, as a long-lived process may see many names.
 */
const baseCache = new Map<string, Decoded>();
const BASE_CACHE_LIMIT = 256;

function parseAndDecodeBase(file: SourceFile): Decoded {
  const hit = baseCache.get(file.name);
  if (hit && hit.file.text === file.text) return hit;
  const result = parseAndDecode(file);
  if (!hit && baseCache.size >= BASE_CACHE_LIMIT) baseCache.clear();
  baseCache.set(file.name, result);
  return result;
}

const span = (ext: ExtendsAst) => (ext.kind === 'file' ? ext.path.span : ext.name.span);

function resolveBase(ext: ExtendsAst, from: SourceFile, host: CompilerHost, root: string, out: Diagnostic[]): { key: string; file: SourceFile } | null {
  if (ext.kind === 'preset') {
    const text = PRESETS[ext.name.value];
    if (text === undefined) {
      const guess = suggest(ext.name.value, Object.keys(PRESETS));
      out.push(diag('E0308', ext.name.span, { name: ext.name.value }, guess ? { suggestion: guess } : { help: `presets are ${Object.keys(PRESETS).join(', ')}` }));
      return null;
    }
    const key = `<preset:${ext.name.value}>`;
    return { key, file: new SourceFile(key, text) };
  }
  if (from.name.startsWith('<preset:')) return null;
  const rel = ext.path.value;
  const at = ext.path.span;
  if (path.isAbsolute(rel)) {
    out.push(diag('E0704', at, { path: rel }, { help: `write it relative to the folder of ${from.name}, e.g. \`extends "./shared/base.secpol"\`` }));
    return null;
  }
  const target = path.normalize(path.join(path.dirname(from.name), rel));
  if (!isWithin(root, target)) {
    out.push(diag('E0705', at, { path: rel, root }, { label: `resolves to ${target}`, help: 'move the base under the root, or build with a wider root: `--root DIR`' }));
    return null;
  }
  const read = host.readFile(target, root);
  if (read === undefined) {
    out.push(diag('E0702', at, { path: rel }, { label: 'no such file', help: `the path is relative to ${from.name}; it resolved to ${target}` }));
    return null;
  }
  if (typeof read !== 'string') {
    out.push(refusal(read, rel, target, root, at));
    return null;
  }
  const text = withoutBom(read);
  const why = text.length > MAX_FILE_BYTES ? 'it is larger than 1 MiB' : text.includes('\u0000') || text.includes('\ufffd') ? 'it is not UTF-8 text' : notAPolicy(text);
  if (why) {
    out.push(diag('E0707', at, { path: rel, why }, { help: 'extend a .secpol file; nothing of the file named is shown' }));
    return null;
  }
  return { key: target, file: new SourceFile(target, text) };
}

/** The diagnostic for a base the host would not read. */
function refusal(r: ReadRefusal, rel: string, target: string, root: string, at: Span): Diagnostic {
  switch (r.problem) {
    case 'outside-root':
      return diag('E0705', at, { path: rel, root }, { label: `${target} is a link that leads out`, help: 'extend the file itself, under the root, not a link to elsewhere' });
    case 'directory':
      return diag('E0706', at, { path: rel, kind: 'a directory' }, { help: 'name a .secpol file in it' });
    case 'special':
      return diag('E0706', at, { path: rel, kind: r.detail ?? 'not a regular file' });
    case 'too-large':
      return diag('E0707', at, { path: rel, why: 'it is larger than 1 MiB' }, { help: 'extend a .secpol file; nothing of the file named is shown' });
    case 'not-text':
      return diag('E0707', at, { path: rel, why: `it is not UTF-8 text${r.detail ? ` (${r.detail})` : ''}` }, { help: 'extend a .secpol file; nothing of the file named is shown' });
    case 'unreadable':
      return diag('E0702', at, { path: rel }, { label: 'cannot be read', help: r.detail ?? 'check its permissions' });
  }
}

/** Gives every syscall rule of a workload the precedence of its place in the merge order. */
function stamp(w: WorkloadAst, precedence: number): WorkloadAst {
  return { ...w, syscalls: { ...w.syscalls, rules: w.syscalls.rules.map((r) => ({ ...r, precedence })) } };
}

export type { PolicyAst };
