// Bundles the CLI and everything it imports into one ESM file, dist/secpol.mjs, so a cold start
// loads one module instead of hundreds (chevrotain alone pulls in lodash-es as ~600 files).
// docs/performance.md has the figures.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'src', 'cli', 'main.ts')],
  outfile: join(root, 'dist', 'secpol.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  // Some bundled CommonJS packages call require() for Node built-ins.
  banner: { js: "import { createRequire as __secpolCreateRequire } from 'node:module'; const require = __secpolCreateRequire(import.meta.url);" },
});
