/**
 * All-or-nothing output: every file is first written to a temporary file beside its target, and only
 * when all of them are written are they renamed into place. On any failure the temporary files are
 * removed and no target has changed.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes every file or none. Throws the first error after cleaning up. `onWritten(n)` is called
 * after each temporary file is written (for a progress bar).
 */
export function writeAllOrNothing(files: readonly { path: string; content: string }[], onWritten?: (n: number) => void): void {
  const temps: { temp: string; path: string }[] = [];
  const made = new Set<string>();
  try {
    for (const f of files) {
      const dir = dirname(f.path);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const temp = `${f.path}.secpol-tmp-${process.pid}`;
      writeFileSync(temp, f.content, { mode: 0o644 });
      temps.push({ temp, path: f.path });
      onWritten?.(temps.length);
    }
  } catch (e) {
    for (const t of temps) rmSync(t.temp, { force: true });
    throw e;
  }
  for (const t of temps) renameSync(t.temp, t.path);
}
