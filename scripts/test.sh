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
rm -f "$report" .engines/probes/totals.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
# Under CI a full run may skip nothing and must exercise every engine route: a skip or a route with
# no probe means an engine or a tool was missing, and that is a failure there, never a quiet pass.
full=0
if [ "${CI:-}" = "true" ] && [ "$#" -eq 0 ]; then full=1; fi
# One plain closing line that any CI can read: "tests: N passed, N failed, N skipped".
node -e '
  const fs = require("fs");
  const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  let ok = true;
  if (process.argv[2] === "1") {
    if (skipped > 0) {
      ok = false;
      const names = r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "pending" || a.status === "todo" || a.status === "skipped").map((a) => `${f.name.replace(process.cwd() + "/", "")}: ${a.fullName}`));
      console.log(`secpol: ${skipped} test(s) skipped under CI, where nothing may skip:\n  ${names.slice(0, 20).join("\n  ")}`);
    }
    let totals = {};
    try { totals = JSON.parse(fs.readFileSync(".engines/probes/totals.json", "utf8")); } catch { ok = false; console.log("secpol: no end-to-end probe totals were written"); }
    const idle = Object.entries(totals).filter(([, n]) => n === 0).map(([route]) => route);
    if (idle.length > 0) { ok = false; console.log(`secpol: engine routes with no probe under CI: ${idle.join(", ")}`); }
  }
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  process.exit(ok ? 0 : 1);
' "$report" "$full" || { [ -s "$report" ] || echo "tests: no report (vitest did not finish)"; status=1; }
exit "$status"
