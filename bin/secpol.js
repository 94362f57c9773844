#!/usr/bin/env node
// The secpol command. The CLI is bundled into dist/secpol.mjs by `npm run build`.
import { main } from "../dist/secpol.mjs";

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
