/**
 * All-or-nothing output: every file is first written to a temporary file beside its target, and only
 * when all of them are written are they renamed into place. On any failure the temporary files are
 * removed and no target has changed. A target that already holds exactly the new content is left
 * alone: a rebuild rewrites only what changed, and keeps the timestamps of the rest.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Which targets were written and which already held their content. */
export interface WriteOutcome {
  readonly written: ReadonlySet<string>;
  readonly unchanged: ReadonlySet<string>;
}

/** True when `path` is a file whose bytes are exactly `content`. */
function holds(path: string, content: Uint8Array): boolean {
  try {
    return readFileSync(path).equals(content);
  } catch {
    return false;
  }
}

/**
 * Writes every file or none. Throws the first error after cleaning up. `onWritten(n)` is called
 * after each file is handled (for a progress bar).
 */
export function writeAllOrNothing(files: readonly { path: string; content: Uint8Array }[], onWritten?: (n: number) => void): WriteOutcome {
  const temps: { temp: string; path: string }[] = [];
  const unchanged = new Set<string>();
  const made = new Set<string>();
  try {
    for (const f of files) {
      if (holds(f.path, f.content)) {
        unchanged.add(f.path);
        onWritten?.(temps.length + unchanged.size);
        continue;
      }
      const dir = dirname(f.path);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const temp = `${f.path}.secpol-tmp-${process.pid}`;
      writeFileSync(temp, f.content, { mode: 0o644 });
      temps.push({ temp, path: f.path });
      onWritten?.(temps.length + unchanged.size);
    }
  } catch (e) {
    for (const t of temps) rmSync(t.temp, { force: true });
    throw e;
  }
  for (const t of temps) renameSync(t.temp, t.path);
  return { written: new Set(temps.map((t) => t.path)), unchanged };
}
