#!/usr/bin/env node
// The secpol command: runs the bundled CLI (dist/secpol.cjs, built by `npm run build`).
import { loadBundle } from './load-bundle.js';

// A reader that stops early (`secpol lint … | head`) closes the pipe: the rest of the output has
// nowhere to go, which is not an error of the command.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

process.exitCode = await loadBundle().exports.main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
