/**
 * Phase 1: text → syntax tree, with syntax diagnostics. Lexing, a bracket-balance pass (so a missing
 * or extra brace is reported once, at the brace that has no partner, instead of as a cascade), the
 * CST parse and the CST → syntax-tree step.
 */
import type { IToken } from 'chevrotain';
import { Newline, secpolLexer } from '../../../grammar/tokens.js';
import { parseTokens, secpolParser } from '../../../grammar/parser.js';
import { cstToAst } from '../../../grammar/cst-to-ast.js';
import type { FileNode, StatementNode, ValueNode } from '../../../grammar/syntax-tree.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile, Span } from '../source.js';
import { MAX_FILE_BYTES, MAX_NESTING, MAX_TOKENS, MAX_VALUES } from '../limits.js';
import { displayText } from '../diagnostics/display.js';

/** The result of parsing one file. `tree` is null only when the syntax is too broken to decode. */
export interface ParseResult {
  readonly tree: FileNode | null;
  readonly diagnostics: readonly Diagnostic[];
}

const span = (file: SourceFile, start: number, end: number): Span => ({ file, start, end });

/** Parses a policy file. */
export function parseFile(file: SourceFile): ParseResult {
  const screened = screen(file);
  if (screened) return { tree: null, diagnostics: [screened] };
  const diagnostics: Diagnostic[] = [];
  const lexed = secpolLexer().tokenize(file.text);
  // A run of line ends (blank and comment lines) means what one does to the parser.
  const tokens = lexed.tokens.filter((t, i) => !(t.tokenType === Newline && lexed.tokens[i - 1]?.tokenType === Newline));
  if (tokens.length > MAX_TOKENS) {
    // Parsing is the costly phase: a file past the bound is not parsed at all.
    const past = tokens[MAX_TOKENS]!;
    return { tree: null, diagnostics: [diag('E0114', span(file, past.startOffset, past.startOffset + Math.max(1, past.image.length)), { limit: MAX_TOKENS })] };
  }
  for (const e of lexed.errors) {
    const ch = file.text.slice(e.offset, e.offset + e.length).charAt(0);
    const shown = displayText(ch);
    diagnostics.push(
      diag('E0101', span(file, e.offset, e.offset + 1), { char: shown }, {
        help: ch === "'" ? 'strings are written in double quotes: "like this"' : 'put text with spaces or special characters in double quotes',
      }),
    );
  }
  const balance = checkBrackets(file, tokens);
  diagnostics.push(...balance);
  if (balance.length > 0) return { tree: null, diagnostics };

  const cst = parseTokens(tokens);
  const parseErrors = secpolParser().errors;
  if (parseErrors.length > 0) {
    // With brackets balanced, the only syntax errors left are values where a statement must start.
    const e = parseErrors[0]!;
    const t = e.token;
    const found = t.tokenType.name === 'EOF' ? 'end of file' : `\`${t.image}\``;
    const at = Number.isNaN(t.startOffset) ? file.text.length : t.startOffset;
    diagnostics.push(
      diag('E0106', span(file, at, at + Math.max(1, t.image.length)), { found, expected: 'a statement keyword' }, {
        help: 'a statement starts with a keyword, e.g. `image "nginx:1.27"`; values continue on the same line, or on the next after a trailing comma',
      }),
    );
    return { tree: null, diagnostics };
  }
  const tree = cstToAst(cst);
  const crowded = tooManyValues(file, tree);
  if (crowded) return { tree: null, diagnostics: [...diagnostics, crowded] };
  diagnostics.push(...stringProblems(file, tree));
  return { tree, diagnostics };
}

/** The UTF-8 length of a text, counted only as far as `limit` + 1. */
function utf8Length(text: string, limit: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What makes a text no policy at all, before any of it is lexed: too large, a NUL byte or a
 * replacement character (what a binary or a non-UTF-8 file becomes), or a lone surrogate. One
 * diagnostic, which quotes nothing of the file.
 */
function screen(file: SourceFile): Diagnostic | null {
  const { text } = file;
  if (text.length > MAX_FILE_BYTES / 3 && utf8Length(text, MAX_FILE_BYTES) > MAX_FILE_BYTES)
    return diag('E0108', null, { file: file.name, limit: '1 MiB' });
  const nul = text.indexOf(NUL);
  if (nul >= 0) return diag('E0109', null, { file: file.name, what: `a NUL byte (line ${file.position(nul).line})` });
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) return diag('E0109', null, { file: file.name, what: `bytes that are not UTF-8 (line ${file.position(bad).line})` });
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return diag('E0110', span(file, lone.index, lone.index + 1), {});
  return null;
}

/** The first statement or list with more values than MAX_VALUES, reported at its start. */
function tooManyValues(file: SourceFile, tree: FileNode): Diagnostic | null {
  for (const s of allStatements(tree.statements)) {
    if (s.values.length > MAX_VALUES) return diag('E0113', span(file, s.keyword.start, s.keyword.end), { limit: MAX_VALUES, what: `\`${s.keyword.text}\`` });
    for (const v of allValues(s.values))
      if (v.kind === 'list' && v.items.length > MAX_VALUES) return diag('E0113', span(file, v.start, v.start + 1), { limit: MAX_VALUES, what: 'this list' });
  }
  return null;
}

/** Pairs every `{`/`[` with its closer; reports the one unmatched bracket that explains the rest. */
function checkBrackets(file: SourceFile, tokens: IToken[]): Diagnostic[] {
  const stack: IToken[] = [];
  const pairs: [IToken, IToken][] = [];
  for (const t of tokens) {
    const n = t.tokenType.name;
    if (n === 'LBrace' || n === 'LBracket') {
      stack.push(t);
      if (stack.length > MAX_NESTING) return [diag('E0111', span(file, t.startOffset, t.startOffset + 1), { limit: MAX_NESTING })];
    }
    else if (n === 'RBrace' || n === 'RBracket') {
      const open = stack.pop();
      const want = n === 'RBrace' ? 'LBrace' : 'LBracket';
      if (!open || open.tokenType.name !== want) {
        if (open && open.tokenType.name === 'LBracket') return [diag('E0107', span(file, open.startOffset, open.startOffset + 1), {}, { label: 'opened here' })];
        if (n === 'RBrace') {
          // The stray brace is rarely the last one: the brace that closed a block early is the one
          // whose indentation does not match the line that opened its block.
          const culprit = [...pairs].reverse().find(([o, c]) => o.tokenType.name === 'LBrace' && indentOf(file, o.startOffset) !== indentOf(file, c.startOffset) && isLineStart(file, c.startOffset));
          const at = culprit ? culprit[1] : t;
          return [
            diag('E0105', span(file, at.startOffset, at.startOffset + 1), {}, {
              help: 'is the `{` of the block above missing?',
            }),
          ];
        }
        return [diag('E0106', span(file, t.startOffset, t.startOffset + 1), { found: '`]`', expected: 'a value' })];
      }
      pairs.push([open, t]);
    }
  }
  const open = stack[stack.length - 1];
  if (!open) return [];
  if (open.tokenType.name === 'LBracket') return [diag('E0107', span(file, open.startOffset, open.startOffset + 1), {}, { label: 'opened here' })];
  const where = file.position(open.startOffset);
  return [
    diag('E0104', span(file, open.startOffset, open.startOffset + 1), {}, {
      label: 'this block runs to the end of the file',
      help: `add \`}\` to close the block opened on line ${where.line}`,
    }),
  ];
}

/** The width of the leading white space of the line holding `offset`. */
function indentOf(file: SourceFile, offset: number): number {
  const line = file.lineText(file.position(offset).line);
  return line.length - line.trimStart().length;
}

/** True when only white space precedes `offset` on its line. */
function isLineStart(file: SourceFile, offset: number): boolean {
  const p = file.position(offset);
  return file.lineText(p.line).slice(0, p.column - 1).trim() === '';
}

function* allValues(values: readonly ValueNode[]): Generator<ValueNode> {
  for (const v of values) {
    yield v;
    if (v.kind === 'list') yield* allValues(v.items);
  }
}

function* allStatements(stmts: readonly StatementNode[]): Generator<StatementNode> {
  for (const s of stmts) {
    yield s;
    if (s.block) yield* allStatements(s.block.statements);
  }
}

/** Unterminated strings and bad escapes, found after parsing so each is reported once. */
function stringProblems(file: SourceFile, tree: FileNode): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of allStatements(tree.statements)) {
    for (const v of allValues(s.values)) {
      if (v.kind !== 'string') continue;
      if (!v.terminated)
        out.push(diag('E0102', span(file, v.start, v.start + 1), {}, { label: 'string starts here', help: 'close the string with `"` on the same line' }));
      for (const b of v.badEscapes)
        out.push(diag('E0103', span(file, b, b + 2), { escape: file.text.slice(b, b + 2) }, { help: 'write a backslash as `\\\\`' }));
    }
  }
  return out;
}
