#!/usr/bin/env bash
# The project's one test command (`npm test`, named in the README): installs the npm dependencies,
# sets up the real engines the end-to-end tests need (Docker, docker-compose, runc, apparmor_parser,
# the AppArmor VM; as root on Debian, see docs/engines.md), builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
# `npm install` with the committed lock installs exactly its versions. (`npm ci` is refused here:
# npm 11 writes a lock holding only this platform's optional packages, then calls it out of sync.)
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
bash scripts/setup-engines.sh
npm run --silent build
npm run --silent typecheck   # the tests too: tsconfig.test.json
mkdir -p .engines
report=.engines/vitest-report.json
rm -f "$report"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
# One plain closing line that any CI can read: "tests: N passed, N failed, N skipped".
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$report" || { echo "tests: no report (vitest did not finish)"; status=1; }
exit "$status"
