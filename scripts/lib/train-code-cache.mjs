// Writes dist/secpol.cache, V8's code cache for dist/secpol.cjs: loads the bundle without a cache,
// builds every example through it (output discarded, nothing written), then asks V8 for the code
// it compiled, which now includes the functions a build runs. Called by scripts/bundle.mjs.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE, loadBundle } from '../../bin/load-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { exports, script } = loadBundle({ useCache: false });
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.secpol')).map((f) => join('examples', f));
const sink = { write: () => true, isTTY: false };
const code = await exports.main(['build', '--stdout', ...examples], { stdout: sink, stderr: sink, env: {}, cwd: root });
if (code !== 0) {
  console.error(`train-code-cache: building the examples through the bundle exited ${code}`);
  process.exit(1);
}
writeFileSync(CODE_CACHE, script.createCachedData());
