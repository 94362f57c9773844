// The progress bar of long batches: drawn on a terminal's standard error only, after a moment,
// throttled, erased at the end; piped output stays clean.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.js';
import { repoRoot } from '../support/repo.js';

/** A fake stream and clock. */
function fake(isTTY: boolean) {
  const writes: string[] = [];
  let t = 1_000;
  return { out: { isTTY, write: (s: string) => writes.push(s) }, writes, clock: () => t, advance: (ms: number) => void (t += ms) };
}

describe('Progress', () => {
  it('draws nothing when standard error is not a terminal', () => {
    const f = fake(false);
    const p = new Progress(f.out, 1000, 'secpol: compiling', {}, f.clock);
    for (let i = 1; i <= 1000; i++) (f.advance(5), p.tick(i));
    p.finish();
    expect(f.writes).toEqual([]);
  });

  it('draws nothing on TERM=dumb, nor for a single policy', () => {
    const f = fake(true);
    const dumb = new Progress(f.out, 1000, 'x', { TERM: 'dumb' }, f.clock);
    const single = new Progress(f.out, 1, 'x', {}, f.clock);
    f.advance(10_000);
    dumb.tick(500);
    single.tick(1);
    expect(f.writes).toEqual([]);
  });

  it('stays silent for the first 200 ms, then repaints at most every 100 ms, and erases itself', () => {
    const f = fake(true);
    const p = new Progress(f.out, 40, 'secpol: compiling', {}, f.clock);
    for (let i = 1; i <= 40; i++) (f.advance(10), p.tick(i));
    // Ticks at 10, 20, … 400 ms: paints at 200 and 300 and 400 ms.
    expect(f.writes).toEqual([
      `\rsecpol: compiling [${'#'.repeat(15)}${'.'.repeat(15)}] 20/40 (50%)\u001b[K`,
      `\rsecpol: compiling [${'#'.repeat(22)}${'.'.repeat(8)}] 30/40 (75%)\u001b[K`,
      `\rsecpol: compiling [${'#'.repeat(30)}] 40/40 (100%)\u001b[K`,
    ]);
    p.finish();
    expect(f.writes.at(-1)).toBe('\r\u001b[K');
  });

  it('erases nothing when it never drew', () => {
    const f = fake(true);
    const p = new Progress(f.out, 10, 'x', {}, f.clock);
    p.tick(10);
    p.finish();
    expect(f.writes).toEqual([]);
  });
});

describe('secpol build over a batch', () => {
  // 400 generated variants of the web example: long enough for the bar to appear on a terminal.
  const dir = mkdtempSync(join(tmpdir(), 'secpol-progress-'));
  const web = readFileSync(join(repoRoot, 'examples', 'web.secpol'), 'utf8');
  cpSync(join(repoRoot, 'examples', 'shared'), join(dir, 'shared'), { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < 400; i++) {
    const f = join(dir, `p${i}.secpol`);
    writeFileSync(f, web.replace(/^workload web \{/m, `workload web-${i} {`));
    files.push(f);
  }
  const bin = join(repoRoot, 'bin', 'secpol.js');

  it('piped: standard error holds no bar, no carriage return and no escape code', () => {
    const r = spawnSync(process.execPath, [bin, 'build', ...files, '-o', join(dir, 'out-piped')], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/[\r\u001b]/);
    expect(r.stderr).not.toContain('secpol: compiling');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('wrote ')).length).toBe(400 * 6);
  });

  it('on a terminal (util-linux `script` gives it one): the bar is drawn, then erased before the summary', () => {
    const list = join(dir, 'files.txt');
    writeFileSync(list, files.join('\n'));
    // The command reads its file list through xargs, so the pty's line stays short; -e keeps the exit status.
    const cmd = `xargs -a '${list}' '${process.execPath}' '${bin}' build -o '${join(dir, 'out-tty')}' >/dev/null`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm' } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\rsecpol: compiling \[#*\.*\] \d+\/400 \(\d+%\)/);
    // Erased before the diagnostics and their summary are printed, and no bar is left at the end
    // (a "writing" bar may follow the summary while the 2,400 files are written, erased too).
    const transcript = r.stdout;
    const firstErase = transcript.indexOf('\r\u001b[K');
    expect(firstErase).toBeGreaterThan(0);
    expect(transcript.indexOf('secpol: no errors, 400 warnings')).toBeGreaterThan(firstErase);
    expect(transcript.slice(transcript.lastIndexOf('\r\u001b[K'))).not.toMatch(/secpol: (compiling|writing) \[/);
  });
});
