#!/usr/bin/env node
// The secpol command: runs the bundled CLI (dist/secpol.cjs, built by `npm run build`).
import { loadBundle } from './load-bundle.js';

process.exitCode = await loadBundle().exports.main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
