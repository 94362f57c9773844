// The house rule: one check per file, each with its own test file named after it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/compiler/4-check/checks.js';
import { repoRoot } from '../support/repo.js';

describe('the checks', () => {
  it('each live in a file named for the invariant and have a test file of the same name', () => {
    for (const c of CHECKS) {
      expect(existsSync(join(repoRoot, 'src', 'compiler', '4-check', 'checks', `${c.name}.ts`)), c.name).toBe(true);
      expect(existsSync(join(repoRoot, 'test', 'checks', `${c.name}.test.ts`)), c.name).toBe(true);
    }
  });
  it('have unique names', () => {
    expect(new Set(CHECKS.map((c) => c.name)).size).toBe(CHECKS.length);
  });
});
