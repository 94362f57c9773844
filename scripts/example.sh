#!/usr/bin/env bash
# The README's first command (`npm run example`): installs, builds, and compiles the example web
# server policy into out/web/, then lists what it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
# `npm install` with the committed lock installs exactly its versions. (`npm ci` is refused here:
# npm 11 writes a lock holding only this platform's optional packages, then calls it out of sync.)
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
npm run --silent build
node bin/secpol.js build examples/web.secpol --out-dir out
