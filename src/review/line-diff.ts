/**
 * A short unified diff of two texts, for `secpol build --check`: which lines of an artifact on disk
 * differ from what secpol would write. Myers' O(ND) shortest edit script after trimming the common
 * head and tail, so a hand edit of a few lines in a long file costs little; past `maxEdits` the texts
 * are reported as different throughout rather than diffed. Pure.
 */

/** One line of an edit script: kept (' '), removed ('-') or added ('+'). */
export interface LineEdit {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/** Splits a text into lines; a final newline does not start another line. */
const linesOf = (text: string): string[] => {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
};

/** The shortest edit script from `a` to `b`, or null when it needs more than `maxEdits` edits. */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits = 1000): LineEdit[] | null {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  const A = (i: number): string => a[head + i]!;
  const B = (j: number): string => b[head + j]!;

  // v[k] is the furthest x reached on diagonal k = x - y; trace[d] keeps v as it was before step d,
  // for diagonals -d-1 .. d+1 only (all that step d reads), to walk the path back.
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let steps = -1;
  for (let d = 0; d <= max && steps < 0; d++) {
    if (d > maxEdits) return null;
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A(x) === B(y)) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        steps = d;
        break;
      }
    }
  }

  const middle: LineEdit[] = [];
  let x = n;
  let y = m;
  for (let d = steps; d >= 0; d--) {
    const t = trace[d]!;
    const at = (k: number): number => t[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      middle.push({ op: ' ', text: A(--x) });
      y--;
    }
    if (d > 0) {
      if (x === prevX) middle.push({ op: '+', text: B(--y) });
      else middle.push({ op: '-', text: A(--x) });
    }
  }
  middle.reverse();
  return [...a.slice(0, head).map((text): LineEdit => ({ op: ' ', text })), ...middle, ...a.slice(a.length - tail).map((text): LineEdit => ({ op: ' ', text }))];
}

/** How much of a diff to show. */
export interface UnifiedOptions {
  /** Unchanged lines shown around each change. */
  readonly context?: number;
  /** Hunks shown; the rest are counted. */
  readonly maxHunks?: number;
  /** Lines shown of one hunk; the rest are counted. */
  readonly maxHunkLines?: number;
}

/**
 * The hunks of a unified diff (`@@ -3,7 +3,7 @@` and ` `/`-`/`+` lines), capped as `opts` says, with
 * a `… N more …` line for what was left out. Empty when the texts are equal.
 */
export function unifiedHunks(oldText: string, newText: string, opts: UnifiedOptions = {}): string[] {
  if (oldText === newText) return [];
  const context = opts.context ?? 3;
  const maxHunks = opts.maxHunks ?? 4;
  const maxHunkLines = opts.maxHunkLines ?? 40;
  const a = linesOf(oldText);
  const b = linesOf(newText);
  const edits = diffLines(a, b);
  if (!edits) return [`… differs throughout (${a.length} lines on disk, ${b.length} expected)`];
  const changed = edits.map((e, i) => (e.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return ['… the lines are equal; only line endings or the final newline differ'];

  // Group changes whose context would touch into one hunk.
  const ranges: [number, number][] = [];
  for (const i of changed) {
    const last = ranges[ranges.length - 1];
    if (last && i - last[1] <= 2 * context + 1) last[1] = i;
    else ranges.push([i, i]);
  }
  // Line numbers (1-based) of each edit in the old and new text.
  const oldNo: number[] = [];
  const newNo: number[] = [];
  let ol = 1;
  let nl = 1;
  for (const e of edits) {
    oldNo.push(ol);
    newNo.push(nl);
    if (e.op !== '+') ol++;
    if (e.op !== '-') nl++;
  }
  const out: string[] = [];
  for (const [first, last] of ranges.slice(0, maxHunks)) {
    const from = Math.max(0, first - context);
    const to = Math.min(edits.length - 1, last + context);
    const slice = edits.slice(from, to + 1);
    const oldCount = slice.filter((e) => e.op !== '+').length;
    const newCount = slice.filter((e) => e.op !== '-').length;
    // An empty side starts at the line before, as diff(1) writes it.
    const start = (no: number, count: number): number => (count === 0 ? no - 1 : no);
    out.push(`@@ -${start(oldNo[from]!, oldCount)},${oldCount} +${start(newNo[from]!, newCount)},${newCount} @@`);
    for (const e of slice.slice(0, maxHunkLines)) out.push(`${e.op}${e.text}`);
    if (slice.length > maxHunkLines) out.push(`… ${slice.length - maxHunkLines} more line${slice.length - maxHunkLines === 1 ? '' : 's'} in this hunk`);
  }
  if (ranges.length > maxHunks) out.push(`… ${ranges.length - maxHunks} more hunk${ranges.length - maxHunks === 1 ? '' : 's'}`);
  return out;
}
