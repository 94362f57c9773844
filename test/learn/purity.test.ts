/** src/learn is pure (docs/architecture.md): no file system, process or environment; the CLI runs the recorders. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

describe('src/learn', () => {
  it('imports no host module and nothing of the CLI, and reads no process state', () => {
    const dir = join(repoRoot, 'src', 'learn');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      const specs = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
      for (const s of specs) {
        expect(/^(node:)?(fs|fs\/promises|child_process|process|os|net|http|https)$/.test(s), `${f} imports ${s}`).toBe(false);
        expect(s.includes('/cli/'), `${f} imports ${s}`).toBe(false);
      }
      expect(/\bprocess\.(env|argv|cwd|exit)/.test(text), `${f} reads the process`).toBe(false);
    }
  });
});
