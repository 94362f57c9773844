/**
 * Renders diagnostics for people (rustc-style, with the source line and a caret under the exact
 * token) and for programs (JSON with file, line and column).
 */
import type { Diagnostic } from './diagnostic.js';

/** Options for text rendering. Colour is decided by the CLI (a terminal, and no NO_COLOR). */
export interface RenderOptions {
  readonly color: boolean;
}

const paint = (on: boolean, code: string, s: string): string => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** `file:line:col: error[E0301]: message`, the line, a caret and label, notes and help. */
export function renderText(d: Diagnostic, opts: RenderOptions): string {
  const sev = d.severity === 'error' ? paint(opts.color, '1;31', 'error') : paint(opts.color, '1;33', 'warning');
  const head = `${sev}${paint(opts.color, '1', `[${d.code}]: ${d.message}`)}`;
  if (!d.span) return [`secpol: ${head}`, ...d.notes.map((n) => `  = note: ${n}`), ...(d.help ? [`help: ${d.help}`] : [])].join('\n');
  const { file } = d.span;
  const p = file.position(d.span.start);
  const out = [`${file.name}:${p.line}:${p.column}: ${head}`];
  const gutter = String(p.line).length;
  const bar = paint(opts.color, '34', `${' '.repeat(gutter)} |`);
  const lineText = file.lineText(p.line).replace(/\t/g, ' ');
  const endPos = file.position(Math.max(d.span.start, d.span.end - 1));
  const width = endPos.line === p.line ? Math.max(1, d.span.end - d.span.start) : Math.max(1, lineText.length - p.column + 1);
  const caret = paint(opts.color, d.severity === 'error' ? '1;31' : '1;33', '^'.repeat(width));
  out.push(bar);
  out.push(`${paint(opts.color, '34', `${p.line} |`)} ${lineText}`);
  out.push(`${bar} ${' '.repeat(p.column - 1)}${caret}${d.label ? ' ' + d.label : ''}`);
  for (const l of d.labels) {
    const lp = l.span.file.position(l.span.start);
    out.push(`${bar}`);
    out.push(`${' '.repeat(gutter)} = ${l.message} at ${l.span.file.name}:${lp.line}:${lp.column}`);
  }
  for (const n of d.notes) out.push(`${' '.repeat(gutter)} = note: ${n}`);
  if (d.help) out.push(`${paint(opts.color, '1;36', 'help')}: ${d.help}`);
  return out.join('\n');
}

/** The JSON form of one diagnostic, for editors and CI. Stable keys, 1-based lines and columns. */
export function toJson(d: Diagnostic): Record<string, unknown> {
  const loc = (span: NonNullable<Diagnostic['span']>) => {
    const s = span.file.position(span.start);
    const e = span.file.position(span.end);
    return { file: span.file.name, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  };
  return {
    code: d.code,
    name: d.name,
    severity: d.severity,
    message: d.message,
    location: d.span ? loc(d.span) : null,
    label: d.label,
    labels: d.labels.map((l) => ({ message: l.message, location: loc(l.span) })),
    notes: d.notes,
    help: d.help,
    suggestion: d.suggestion,
  };
}
