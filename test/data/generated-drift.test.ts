/** The committed generated tables are exactly what scripts/gen-data.mjs writes from today's sources. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCommand, hostArch, repoRoot } from './reference.js';

// The generator reads the constants and errno numbers through cc, and only an x86_64 or aarch64 host
// can speak for them.
const canRun = hasCommand('cc') && hostArch !== undefined;
if (!canRun) console.warn('\n*** SKIPPED test/data/generated-drift.test.ts: needs cc on an x86_64 or aarch64 host ***\n');

describe.skipIf(!canRun)('generated data', () => {
  it('has not drifted from its sources (run `node scripts/gen-data.mjs` and review the diff)', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'gen-data.mjs'), '--check'], { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = String((e as { stderr?: string }).stderr ?? e);
    }
    expect(output).toBe('');
  });
});
