#!/usr/bin/env node
// The secpol command: runs the bundled CLI (dist/secpol.cjs, built by `npm run build`).
import { existsSync } from 'node:fs';
import { BUNDLE, loadBundle } from './load-bundle.js';

// A reader that stops early (`secpol lint … | head`) closes the pipe: the rest of the output has
// nowhere to go, which is not an error of the command.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

// A checkout that was never built (a git clone, a package packed before `npm run build`) has no
// bundle: say how to make one instead of failing with a stack trace.
if (!existsSync(BUNDLE)) {
  process.stderr.write(
    'secpol: the command is not built: dist/secpol.cjs is missing.\n' +
      'help: run `npm install` and then `npm run build` in the secpol folder (an install from git builds it itself).\n',
  );
  process.exit(1);
}

process.exitCode = await loadBundle().exports.main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
