/**
 * `secpol fmt`: a policy in its canonical layout, its comments kept where they were written. Pure:
 * text in, text (or the syntax diagnostics that keep it from being formatted) out.
 *
 * The layout: one statement per line (`;` splits them), two spaces per block level, a block's
 * statements between `keyword values {` and its own `}` line (an empty block is `{}`), one space
 * between values, none before a comma, a list as `[a, b]`. A statement longer than 100 columns
 * breaks after a comma, its continuation lines four spaces further in. Blank lines between
 * statements are kept, at most one in a row; none after `{` or before `}`.
 *
 * Words and strings are printed exactly as written (the escapes a user chose stay), so the syntax
 * tree of the output is the input's, offsets aside: parse ∘ format is the identity on the tree,
 * and format is idempotent (test/format/format.test.ts holds both over every policy in the
 * repository and generated ones).
 *
 * Comments: one on a line of its own is printed before the statement (or `}`) that follows it, at
 * that statement's indent, with a blank line above it or between it and the statement kept; one after code on a line stays at the
 * end of that line, after two spaces. A comment inside a statement that spans lines (a value list
 * continued after a comma) moves to the end of the statement's last line.
 */
import type { BlockNode, FileNode, StatementNode, ValueNode } from '../../grammar/syntax-tree.js';
import { parseFile } from '../compiler/1-parse/parse-file.js';
import { hasErrors, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { SourceFile } from '../compiler/source.js';

/** The widest a statement's line may be before it breaks after a comma. */
export const MAX_WIDTH = 100;
const INDENT = '  ';
const CONTINUATION = '    ';

/** A `#` comment: where it starts, its text, and whether code precedes it on its line. */
interface Comment {
  readonly start: number;
  readonly text: string;
  readonly trailing: boolean;
}

/** What formatting one text gives: the formatted text, or the errors that keep it from being formatted. */
export type FormatResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * The comments of a text, in order. Strings cannot span lines and `#` inside one is data, so a
 * scan that tracks quotes on each line finds exactly the comments the lexer skips.
 */
function commentsOf(text: string): Comment[] {
  const out: Comment[] = [];
  let lineStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = i + 1;
      inString = false;
    } else if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '#') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      out.push({ start: i, text: text.slice(i, end).replace(/[ \t\r]+$/, ''), trailing: text.slice(lineStart, i).trim() !== '' });
      i = end - 1;
    }
  }
  return out;
}

/** The printer's state: the source, its comments still to place, and the lines written. */
class Printer {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(
    private readonly text: string,
    private readonly comments: readonly Comment[],
  ) {}

  /** The source text of a word or string, exactly as written. */
  private raw(v: { start: number; end: number }): string {
    return this.text.slice(v.start, v.end);
  }

  /** Whether the source has a blank line between two offsets. */
  private blankBetween(from: number, to: number): boolean {
    return /\n[ \t\r]*\n/.test(this.text.slice(from, to));
  }

  /** Writes the own-line comments that start before `offset`, at `indent`; a blank line above a group is kept. */
  private leadingComments(offset: number, indent: string, after: number): void {
    let previousEnd = after;
    while (this.next < this.comments.length && this.comments[this.next]!.start < offset) {
      const c = this.comments[this.next]!;
      if (c.trailing) break;
      if (this.lines.length > 0 && this.blankBetween(previousEnd, c.start) && this.lines[this.lines.length - 1] !== '' && !this.lines[this.lines.length - 1]!.endsWith('{')) this.lines.push('');
      this.lines.push(indent + c.text);
      previousEnd = c.start + c.text.length;
      this.next++;
    }
  }

  /** The trailing comments that start before `offset`, joined, to end the line being written. */
  private trailingComments(offset: number): string {
    const taken: string[] = [];
    while (this.next < this.comments.length && this.comments[this.next]!.start < offset) taken.push(this.comments[this.next++]!.text);
    return taken.length > 0 ? `  ${taken.join(' ')}` : '';
  }

  /** The values of a statement as words to join: commas stick to what precedes them; a list is printed whole. */
  private tokens(values: readonly ValueNode[]): string[] {
    const out: string[] = [];
    for (const v of values) {
      if (v.kind === 'comma' && out.length > 0) out[out.length - 1] += ',';
      else out.push(this.value(v));
    }
    return out;
  }

  private value(v: ValueNode): string {
    if (v.kind === 'list') return `[${this.tokens(v.items).join(' ')}]`;
    return v.kind === 'string' || v.kind === 'word' ? this.raw(v) : v.text;
  }

  /** The line(s) of a statement's keyword and values (ending with ` {` when it has a block), broken after commas past the width. */
  private head(s: StatementNode, indent: string): string[] {
    const words = [this.raw(s.keyword), ...this.tokens(s.values)];
    if (s.block) words.push(s.block.statements.length === 0 && !this.hasCommentsIn(s.block) ? '{}' : '{');
    const lines: string[] = [];
    let line = indent + words[0]!;
    for (const w of words.slice(1)) {
      if ((line + ' ' + w).length > MAX_WIDTH && line.endsWith(',')) {
        lines.push(line);
        line = indent + CONTINUATION + w;
      } else line += ' ' + w;
    }
    lines.push(line);
    return lines;
  }

  /** Whether a comment lies inside a block: the first comment after its `{`, found by bisection (comments are in order). */
  private hasCommentsIn(b: BlockNode): boolean {
    let lo = 0;
    let hi = this.comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.comments[mid]!.start <= b.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.comments.length && this.comments[lo]!.start < b.end;
  }

  statements(list: readonly StatementNode[], indent: string, after: number, closeAt: number | null): void {
    let previousEnd = after;
    list.forEach((s, i) => {
      if (i > 0 && this.blankBetween(previousEnd, this.firstOffset(s, previousEnd))) this.lines.push('');
      // A comment after code belongs to the last statement on its line: not to one `;` ends.
      this.statement(s, indent, previousEnd, list[i + 1]?.start ?? closeAt ?? this.text.length);
      previousEnd = s.end;
    });
    // Comments after the last statement: before the closing brace (or at the end of the file).
    const end = closeAt ?? this.text.length;
    if (this.next < this.comments.length && this.comments[this.next]!.start < end && list.length > 0 && this.blankBetween(previousEnd, this.comments[this.next]!.start)) this.lines.push('');
    this.leadingComments(end, indent, previousEnd);
  }

  /** Where a statement's leading comments or its keyword begin, for the blank line above it. */
  private firstOffset(s: StatementNode, after: number): number {
    const c = this.comments[this.next];
    return c && !c.trailing && c.start > after && c.start < s.start ? c.start : s.start;
  }

  /** One statement; `limit` is where the next statement (or the closing brace) starts. */
  private statement(s: StatementNode, indent: string, after: number, limit: number): void {
    const before = this.next;
    this.leadingComments(s.start, indent, after);
    // A blank line between the last of its comments and the statement (a licence header, a section
    // title) is kept too.
    if (this.next > before) {
      const last = this.comments[this.next - 1]!;
      if (this.blankBetween(last.start, s.start)) this.lines.push('');
    }
    const head = this.head(s, indent);
    const b = s.block;
    const emptyBlock = b !== null && b.statements.length === 0 && !this.hasCommentsIn(b);
    // A trailing comment on the keyword's line, or inside values that span lines, ends the head's last line.
    const headLimit = b === null ? Math.min(this.lineEnd(s.end - 1), limit) : emptyBlock ? Math.min(this.lineEnd(b.end - 1), limit) : Math.min(this.lineEnd(b.start), b.statements[0]?.start ?? b.end - 1);
    head[head.length - 1] += this.trailingComments(headLimit);
    this.lines.push(...head);
    if (b === null || emptyBlock) return;
    this.statements(b.statements, indent + INDENT, b.start + 1, b.end - 1);
    this.lines.push(indent + '}' + this.trailingComments(Math.min(this.lineEnd(b.end - 1), limit)));
  }

  /** The offset of the end of the line that holds `offset`. */
  private lineEnd(offset: number): number {
    const n = this.text.indexOf('\n', offset);
    return n < 0 ? this.text.length : n;
  }

  result(): string {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }
}

/** Formats one policy text (`name` names it in diagnostics). A text with syntax errors is not formatted. */
export function formatPolicy(name: string, source: string): FormatResult {
  // A byte-order mark is read as nothing (the compiler does the same), and not written back.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const file = new SourceFile(name, text);
  const parsed = parseFile(file);
  if (parsed.tree === null || hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: parsed.diagnostics };
  return { ok: true, text: formatTree(text, parsed.tree) };
}

/** The canonical text of a parsed file. */
function formatTree(text: string, tree: FileNode): string {
  const p = new Printer(text, commentsOf(text));
  p.statements(tree.statements, '', 0, null);
  return p.result();
}
