// Bundles the CLI and everything it imports into one CommonJS file, dist/secpol.cjs, so a cold start
// reads one file instead of hundreds (chevrotain alone pulls in lodash-es as ~600 files), then
// writes V8's code cache for it, dist/secpol.cache, so a cold start compiles nothing it has
// compiled before. docs/performance.md has the figures.
//
// The cache is made by a training run (scripts/lib/train-code-cache.mjs) that builds every example
// through the bundle: V8 then holds compiled code for the functions a build uses, not only the
// top level. bin/secpol.js hands the cache to V8, which checks it against the source and its own
// version and flags and ignores it when they differ: a stale or foreign cache costs speed, never
// correctness.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'secpol.cjs');
rmSync(join(root, 'dist', 'secpol.mjs'), { force: true });
rmSync(join(root, 'dist', 'secpol.cache'), { force: true });
await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
execFileSync(process.execPath, [join(root, 'scripts', 'lib', 'train-code-cache.mjs')], { stdio: 'inherit' });
