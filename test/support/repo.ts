/** Paths of the repository and of the shared reference data, for tests. Never absolute in output. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CompilerHost } from '../../src/compiler/3-resolve/load.js';

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');

/** The shared reference folder beside the repository (schemas, tables), read by tests only. */
export const referenceDir = resolve(repoRoot, '..', 'shared', 'reference');

/** A compiler host reading files relative to the repository root, as the CLI does from there. */
export const repoHost: CompilerHost = {
  readFile(f) {
    try {
      return readFileSync(join(repoRoot, f), 'utf8');
    } catch {
      return undefined;
    }
  },
};
