/**
 * Where a value of a YAML document is, by its path (`services`, `web`, `cap_add`, 0): js-yaml gives
 * values without positions, so the place is found in the text by indentation, as block-style YAML
 * (what Compose files and Kubernetes manifests are written in) lays it out. A key or item not found
 * in block style (flow style `[a, b]`, anchors) is located at the nearest enclosing one found.
 */
import type { SourceFile, Span } from '../compiler/source.js';

interface Line {
  readonly start: number;
  readonly indent: number;
  readonly text: string;
}

/** Locates YAML paths in one file. */
export class YamlLocator {
  private readonly lines: Line[];

  constructor(readonly file: SourceFile) {
    this.lines = [];
    let s = 0;
    const t = file.text;
    for (let i = 0; i <= t.length; i++) {
      if (i === t.length || t[i] === '\n') {
        const text = t.slice(s, i).replace(/\r$/, '');
        const indent = text.length - text.trimStart().length;
        if (text.trim() !== '' && !text.trimStart().startsWith('#')) this.lines.push({ start: s, indent, text });
        s = i + 1;
      }
    }
  }

  /** The span of the key (or sequence item) at `path`, up to the end of its line. */
  span(path: readonly (string | number)[]): Span {
    let from = 0;
    let to = this.lines.length;
    let parentIndent = -1;
    let found: Line | null = null;
    let foundCol = 0;
    for (const key of path) {
      // The block's children: lines after `from` deeper than the parent (items of a sequence may sit at its key's indent).
      let childIndent = -1;
      let hit = -1;
      let col = 0;
      let n = 0;
      for (let i = from; i < to; i++) {
        const l = this.lines[i]!;
        if (childIndent < 0) {
          if (l.indent < parentIndent || (l.indent === parentIndent && !(typeof key === 'number' && l.text.trimStart().startsWith('-')))) break;
          childIndent = l.indent;
        }
        if (l.indent < childIndent) break;
        if (l.indent !== childIndent) continue;
        const body = l.text.slice(l.indent);
        if (typeof key === 'number') {
          if (!body.startsWith('-')) break;
          if (n++ === key) {
            hit = i;
            col = l.indent + (body.length - body.slice(1).trimStart().length);
            break;
          }
        } else {
          const m = /^(["']?)(.*?)\1\s*:(\s|$)/.exec(body);
          if (m && m[2] === key) {
            hit = i;
            col = l.indent;
            break;
          }
        }
      }
      if (hit < 0) break;
      found = this.lines[hit]!;
      foundCol = col;
      parentIndent = typeof key === 'number' ? col : childIndent;
      from = hit + 1;
      to = this.lines.length;
    }
    if (!found) return { file: this.file, start: 0, end: Math.min(1, this.file.text.length) };
    const start = found.start + foundCol;
    return { file: this.file, start, end: Math.max(start + 1, found.start + found.text.length) };
  }
}
