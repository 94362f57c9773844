// Loads dist/secpol.cjs (the bundled CLI) with V8's code cache, dist/secpol.cache, when there is
// one (scripts/bundle.mjs writes both). V8 checks the cache against the source, its version and its
// flags, and compiles afresh when it does not fit, so the cache only ever saves time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
/** The bundle's path. */
export const BUNDLE = join(dist, 'secpol.cjs');
/** The code cache's path. */
export const CODE_CACHE = join(dist, 'secpol.cache');

/**
 * Compiles and runs the bundle as a CommonJS module and returns its exports and the script (for
 * `createCachedData`). `useCache: false` compiles without the cache, as when training it.
 */
export function loadBundle({ useCache = true } = {}) {
  let cachedData;
  if (useCache)
    try {
      cachedData = readFileSync(CODE_CACHE);
    } catch {
      // No cache (not built yet, or removed): compile normally.
    }
  const source = readFileSync(BUNDLE, 'utf8');
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dist);
  return { exports: module.exports, script };
}
