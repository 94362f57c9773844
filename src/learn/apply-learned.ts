/**
 * Writing the learned section into the policy's own text, as an edit: the `syscalls { … }` block's
 * `allow` statements are replaced by the learned ones (or a block is added after the workload's last
 * block when there is none), and `arch` is written when learning narrowed it. Every other byte of the
 * file stays as it was: comments before, inside and after the block included (a comment inside a
 * removed `allow` statement stays in the block on its own line). The block itself is laid out as
 * `secpol fmt` lays it out, through src/format/, so a long allow list wraps as fmt wraps it.
 */
import type { BlockNode, StatementNode } from '../../grammar/syntax-tree.js';
import { parseFile } from '../compiler/1-parse/parse-file.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { SourceFile } from '../compiler/source.js';
import { formatPolicy } from '../format/format.js';

/** What applyLearned writes: the learned `allow` statements, and the `arch` statement when learning changes it (else null). */
export interface LearnedSection {
  readonly statements: readonly string[];
  readonly archStatement: string | null;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The policy text with the learned section written in; throws when the text has no workload block (the caller compiled it first). */
export function applySection(sourceText: string, fileName: string, section: LearnedSection): string {
  const bom = sourceText.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = sourceText.slice(bom.length);
  const parsed = parseFile(new SourceFile(fileName, text));
  if (!parsed.tree || hasErrors(parsed.diagnostics)) throw new Error(`${fileName} does not parse`);
  const workload = parsed.tree.statements.find((s) => s.keyword.text === 'workload' && s.block !== null);
  if (!workload) throw new Error(`${fileName} has no workload block`);
  const body = workload.block!;
  const syscalls = body.statements.find((s) => s.keyword.text === 'syscalls' && s.block !== null);
  const arch = body.statements.find((s) => s.keyword.text === 'arch');
  const edits: Edit[] = [];
  let archBefore: string | null = null;
  if (section.archStatement !== null) {
    if (arch) edits.push({ start: arch.start, end: arch.end, text: section.archStatement });
    else archBefore = section.archStatement;
  }
  const indent = indentOf(text, syscalls?.start ?? firstStatementStart(body, text));
  if (syscalls) {
    const block = formatBlock(fileName, blockInterior(text, syscalls.block!, section.statements));
    edits.push({ start: syscalls.start, end: syscalls.end, text: block.replace(/^ +/, '') });
    // After the block rather than before it: the comments above `syscalls` are about the block.
    if (archBefore !== null) {
      const at = lineEnd(text, syscalls.end);
      edits.push({ start: at, end: at, text: `\n${indent}${archBefore}` });
    }
  } else {
    const block = formatBlock(fileName, `\n${section.statements.join('\n')}\n`);
    // After the workload's last block (or its last statement when it has none).
    const after = [...body.statements].reverse().find((s) => s.block !== null) ?? body.statements[body.statements.length - 1];
    const at = after ? lineEnd(text, after.end) : body.start + 1;
    const lines = [...(archBefore !== null ? [`${indent}${archBefore}`] : []), ...block.split('\n').map((l) => (l === '' ? l : indent + l.replace(/^ {2}/, '')))];
    edits.push({ start: at, end: at, text: `\n${after ? '\n' : ''}${lines.join('\n')}` });
  }
  // A file written with CRLF line ends gets them in the edited lines too (fmt writes LF).
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text.replace(/\r?\n/g, eol) + out.slice(e.end);
  return bom + out;
}

/**
 * The interior of the syscalls block with its allow statements taken out and the learned ones in
 * their place (where the first allow was, else before the first deny, else at the end). An allow on
 * lines of its own goes with its lines, its comments staying there on lines of their own; one that
 * shares a line with another statement (`;`) is cut out of the line.
 */
function blockInterior(text: string, block: BlockNode, learned: readonly string[]): string {
  const from = block.start + 1;
  const to = block.end - 1;
  const allows = block.statements.filter((s) => s.keyword.text === 'allow');
  const anchor = allows[0] ?? block.statements.find((s) => s.keyword.text === 'deny');
  const removed: Edit[] = [];
  for (const s of allows) {
    const lineStart = text.lastIndexOf('\n', s.start - 1) + 1;
    const end = lineEnd(text, s.end);
    const alone = text.slice(Math.max(lineStart, from), s.start).trim() === '' && /^[ \t]*;?[ \t]*(#.*)?$/.test(text.slice(s.end, end));
    if (alone) {
      const comments = commentsIn(text, s.start, end);
      removed.push({ start: Math.max(lineStart, from), end: Math.min(end + 1, to), text: comments.map((c) => `${c}\n`).join('') });
    } else {
      let stop = s.end;
      const semi = /^[ \t]*;/.exec(text.slice(stop));
      if (semi) stop += semi[0].length;
      const comments = commentsIn(text, s.start, s.end);
      removed.push({ start: s.start, end: stop, text: comments.length > 0 ? `\n${comments.join('\n')}\n` : '' });
    }
  }
  const inserted = learned.map((l) => `${l}\n`).join('');
  let insertAt = to;
  if (anchor) insertAt = removed[0] && anchor === allows[0] ? removed[0].start : text.lastIndexOf('\n', anchor.start - 1) + 1;
  let out = text.slice(from, to);
  if (!anchor && !out.endsWith('\n')) out += '\n';
  const edits = [...removed, { start: insertAt, end: insertAt, text: inserted }].sort((a, b) => b.start - a.start || (a.end === a.start ? 1 : -1));
  for (const e of edits) {
    const at = Math.min(e.start - from, out.length);
    out = out.slice(0, at) + e.text + out.slice(Math.min(e.end - from, out.length));
  }
  return out;
}

/** `syscalls { interior }` in fmt's layout, one level in (as inside a workload block), without its first line's indent. */
function formatBlock(fileName: string, interior: string): string {
  // A comment on the `syscalls {` line itself stays there.
  const wrapped = `workload _ {\n  syscalls {${/^[ \t]*(#|\n)/.test(interior) ? '' : '\n'}${interior}}\n}\n`;
  const formatted = formatPolicy(fileName, wrapped);
  if (!formatted.ok) throw new Error('the learned syscalls block does not parse');
  const lines = formatted.text.replace(/\n$/, '').split('\n');
  return lines.slice(1, -1).join('\n');
}

/** The `#` comments that start inside [start, end) of a statement (its own text holds no `#` outside strings). */
function commentsIn(text: string, start: number, end: number): string[] {
  const out: string[] = [];
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '\n') inString = false;
    else if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      const stop = nl < 0 ? text.length : nl;
      out.push(text.slice(i, stop).replace(/[ \t\r]+$/, ''));
      i = stop;
    }
  }
  return out;
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function firstStatementStart(body: BlockNode, text: string): number {
  const s: StatementNode | undefined = body.statements[0];
  return s ? s.start : text.indexOf('\n', body.start) + 1;
}

function lineEnd(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n;
}
