/**
 * Source files and spans. This is the one place where an offset becomes a line and a column, so
 * every diagnostic, artifact comment and `explain` answer counts them the same way: both from 1,
 * columns in UTF-16 code units of the line (as editors that speak LSP count them).
 */

/** A policy text and the name the user knows it by (as given on the command line, or `<preset:NAME>`). */
export class SourceFile {
  readonly name: string;
  readonly text: string;
  private lineStarts: number[] | null = null;

  constructor(name: string, text: string) {
    this.name = name;
    this.text = text;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** The offset of a 1-based line and column (the inverse of `position`), clamped to the text. */
  offsetOf(line: number, column: number): number {
    const starts = this.starts();
    const s = starts[Math.min(Math.max(line, 1), starts.length) - 1]!;
    return Math.min(s + Math.max(column, 1) - 1, this.text.length);
  }

  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string {
    const starts = this.starts();
    const s = starts[line - 1];
    if (s === undefined) return '';
    const e = starts[line] ?? this.text.length + 1;
    return this.text.slice(s, e - 1).replace(/\r$/, '');
  }

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
    this.lineStarts = starts;
    return starts;
  }
}

/** A half-open range [start, end) of a source file. */
export interface Span {
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
}

/** A value together with the span it was written at. */
export interface Spanned<T> {
  readonly value: T;
  readonly span: Span;
}

/** The span from the start of `a` to the end of `b` (same file). */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
