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
//
// It also builds the library (src/index.ts, docs/api.md): dist/secpol-lib.mjs, an ES module with
// its dependencies bundled in as the CLI's are, and its type declarations in dist/types/ (tsc with
// tsconfig.lib.json), which package.json's `exports` names.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
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

// The library. Not whitespace-minified: a user's stack trace through it stays readable.
await build({
  entryPoints: [join(root, 'src', 'index.ts')],
  outfile: join(root, 'dist', 'secpol-lib.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
rmSync(join(root, 'dist', 'types'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.lib.json')], { stdio: 'inherit' });
