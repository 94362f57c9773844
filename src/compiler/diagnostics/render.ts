/**
 * Renders diagnostics for people (rustc-style, with the source line and a caret under the exact
 * token) and for programs (JSON with file, line and column).
 */
import type { Diagnostic } from './diagnostic.js';
import { displayShort, displayText } from './display.js';

/** Options for text rendering. Colour is decided by the CLI (a terminal, and no NO_COLOR). */
export interface RenderOptions {
  readonly color: boolean;
}

/** `s` in the ANSI style `code` (`1;31` bold red) when `on`; every coloured output of secpol paints through this. */
export const paint = (on: boolean, code: string, s: string): string => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** Characters of a message, label, note or help shown before it is cut. */
const MAX_MESSAGE = 400;
/** Characters of the source line shown before and after the start of the span. */
const BEFORE = 60;
const AFTER = 100;

const safe = (s: string): string => displayShort(s, MAX_MESSAGE);

/**
 * The source line around a span, as it is shown: escaped (displayText), and cut to a window around
 * the span's start when the line is long, with the caret's column and width in the shown text.
 */
function snippet(line: string, column: number, width: number): { text: string; caretAt: number; caretWidth: number } {
  const from = Math.max(0, column - 1 - BEFORE);
  const to = Math.min(line.length, column - 1 + AFTER);
  const start = column - 1;
  const markEnd = Math.min(to, start + width);
  const before = (from > 0 ? '…' : '') + displayText(line.slice(from, start));
  const marked = displayText(line.slice(start, markEnd));
  const text = before + marked + displayText(line.slice(markEnd, to)) + (to < line.length ? '…' : '');
  return { text, caretAt: before.length, caretWidth: Math.max(1, marked.length) };
}

/** `file:line:col: error[E0301]: message`, the line, a caret and label, notes and help; everything from a policy shown escaped. */
export function renderText(d: Diagnostic, opts: RenderOptions): string {
  const sev = d.severity === 'error' ? paint(opts.color, '1;31', 'error') : paint(opts.color, '1;33', 'warning');
  const head = `${sev}${paint(opts.color, '1', `[${d.code}]: ${safe(d.message)}`)}`;
  const notes = d.notes.map(safe);
  const help = d.help ? safe(d.help) : null;
  if (!d.span) return [`secpol: ${head}`, ...notes.map((n) => `  = note: ${n}`), ...(help ? [`help: ${help}`] : [])].join('\n');
  const { file } = d.span;
  const p = file.position(d.span.start);
  const out = [`${displayText(file.name)}:${p.line}:${p.column}: ${head}`];
  const gutter = String(p.line).length;
  const bar = paint(opts.color, '34', `${' '.repeat(gutter)} |`);
  const lineText = file.lineText(p.line).replace(/\t/g, ' ');
  const endPos = file.position(Math.max(d.span.start, d.span.end - 1));
  const width = endPos.line === p.line ? Math.max(1, d.span.end - d.span.start) : Math.max(1, lineText.length - p.column + 1);
  const shown = snippet(lineText, p.column, width);
  const caret = paint(opts.color, d.severity === 'error' ? '1;31' : '1;33', '^'.repeat(shown.caretWidth));
  out.push(bar);
  out.push(`${paint(opts.color, '34', `${p.line} |`)} ${shown.text}`);
  out.push(`${bar} ${' '.repeat(shown.caretAt)}${caret}${d.label ? ' ' + safe(d.label) : ''}`);
  for (const l of d.labels) {
    const lp = l.span.file.position(l.span.start);
    out.push(`${bar}`);
    out.push(`${' '.repeat(gutter)} = ${safe(l.message)} at ${displayText(l.span.file.name)}:${lp.line}:${lp.column}`);
  }
  for (const n of notes) out.push(`${' '.repeat(gutter)} = note: ${n}`);
  if (help) out.push(`${paint(opts.color, '1;36', 'help')}: ${help}`);
  return out.join('\n');
}

/** The JSON form of one diagnostic, for editors and CI. Stable keys, 1-based lines and columns. */
export function toJson(d: Diagnostic): Record<string, unknown> {
  const loc = (span: NonNullable<Diagnostic['span']>) => {
    const s = span.file.position(span.start);
    const e = span.file.position(span.end);
    return { file: displayText(span.file.name), line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  };
  return {
    code: d.code,
    name: d.name,
    severity: d.severity,
    message: safe(d.message),
    location: d.span ? loc(d.span) : null,
    label: d.label === null ? null : safe(d.label),
    labels: d.labels.map((l) => ({ message: safe(l.message), location: loc(l.span) })),
    notes: d.notes.map(safe),
    help: d.help === null ? null : safe(d.help),
    suggestion: d.suggestion === null ? null : safe(d.suggestion),
  };
}
