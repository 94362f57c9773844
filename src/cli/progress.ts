/**
 * A one-line progress bar for long batches, drawn on standard error only when it is a terminal:
 * piped or redirected output never sees it. It first appears once the work has taken a moment
 * (short runs stay silent), repaints at most every 100 ms, and erases itself when done, so the
 * lines printed after it (diagnostics, `wrote …`) start clean.
 */

/** Where the bar is drawn. */
export interface ProgressOut {
  write(s: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 30;
const FIRST_PAINT_MS = 200;
const REPAINT_MS = 100;

/** Progress of `total` steps, labelled; `tick(done)` after each step and `finish()` at the end. */
export class Progress {
  private readonly enabled: boolean;
  private readonly started: number;
  private lastPaint = -Infinity;
  private painted = false;

  constructor(
    private readonly out: ProgressOut,
    private readonly total: number,
    private readonly label: string,
    env: Readonly<Record<string, string | undefined>>,
    private readonly now: () => number = Date.now,
  ) {
    this.enabled = out.isTTY === true && env['TERM'] !== 'dumb' && total > 1;
    this.started = now();
  }

  /** Records that `done` of the steps are done, repainting when it is time to. */
  tick(done: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.started < FIRST_PAINT_MS || t - this.lastPaint < REPAINT_MS) return;
    this.lastPaint = t;
    this.painted = true;
    const filled = Math.min(WIDTH, Math.floor((WIDTH * done) / this.total));
    const percent = Math.floor((100 * done) / this.total);
    this.out.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${this.total} (${percent}%)\u001b[K`);
  }

  /** Erases the bar, if it was drawn. */
  finish(): void {
    if (this.painted) this.out.write('\r\u001b[K');
    this.painted = false;
  }
}
