#!/usr/bin/env bash
# The README's first command (`npm run example`): installs, builds, and compiles the example web
# server policy into out/web/, then lists what it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
node bin/secpol.js build examples/web.secpol --out-dir out
