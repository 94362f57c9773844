// `npm run bench` in its quick mode, as CI runs it: it must still build what it needs, run every
// case and print its table. Its figures are not judged here (shared, noisy machines); see
// docs/performance.md for the measured ones.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

interface Row {
  case: string;
  runs: number;
  median: number;
  min: number;
  max: number;
  policies: number;
  ratioToNode: number;
  policiesPerSecond: number | null;
  peakRssMiB: number | null;
}

describe('npm run bench -- --quick', () => {
  it('runs every case and prints the table with its figures', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bench.mjs'), '--quick', '--json'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const table = r.stdout.slice(0, r.stdout.indexOf('\n{'));
    const { rows } = JSON.parse(r.stdout.slice(r.stdout.indexOf('\n{') + 1)) as { rows: Row[] };
    expect(rows.map((x) => x.case)).toEqual([
      'node -e 0',
      'secpol --version',
      'secpol build (cold), 1 policy',
      'secpol check (cold), 1 policy',
      'secpol build, batch of 100',
      'secpol build --stdout, batch of 100',
      'node writes the same 600 files',
    ]);
    for (const x of rows) {
      expect(x.median, x.case).toBeGreaterThan(0);
      expect(x.min <= x.median && x.median <= x.max, x.case).toBe(true);
    }
    expect(rows[0]!.ratioToNode).toBe(1);
    const batch = rows.find((x) => x.case === 'secpol build, batch of 100')!;
    expect(batch.policiesPerSecond).toBeGreaterThan(0);
    expect(batch.peakRssMiB).toBeGreaterThan(10);
    // The printed table names every case, with the header a reader needs.
    expect(table).toMatch(/case +runs +median ms +min ms +max ms +× node -e 0/);
    for (const x of rows) expect(table).toContain(x.case);
  }, 300_000);
});
