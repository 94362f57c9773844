import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES_DIR } from '../support/engines.js';
import { repoRoot } from '../support/repo.js';
import { describeRun, run } from '../support/run.js';

// Runs a one-file vitest project that requires docker, with docker made unavailable
// (SECPOL_DOCKER points nowhere), and reads vitest's JSON report: under CI=true the file must
// fail with a named test; otherwise it must skip and print the loud line.

const dir = path.join(ENGINES_DIR, `selftest-require-engine-${process.pid}`);
const engines = path.join(repoRoot, 'test', 'support', 'engines.ts');

interface JsonReport {
  numFailedTests: number;
  numPassedTests: number;
  numPendingTests: number;
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

async function runFixture(ci: boolean) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.ts'] } };\n");
  writeFileSync(
    path.join(dir, 'needs-docker.test.ts'),
    `import { describe, expect, it } from 'vitest';
import { requireEngine } from ${JSON.stringify(engines)};
describe.skipIf(requireEngine('docker').skip)('needs docker', () => {
  it('would talk to dockerd', () => { expect(true).toBe(true); });
});
`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, SECPOL_DOCKER: path.join(dir, 'no-such-docker') };
  if (ci) env.CI = 'true';
  else delete env.CI;
  const vitest = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const reportFile = path.join(dir, 'report.json');
  rmSync(reportFile, { force: true });
  // The default reporter is what a developer sees; the JSON one is what this test reads.
  const args = [vitest, 'run', '--root', dir, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`];
  const result = await run(process.execPath, args, { env, cwd: dir, timeoutMs: 120_000 });
  return { result, report: JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport };
}

describe('requireEngine with the engine missing', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the file under CI=true with a test named after the engine', async () => {
    const { result, report } = await runFixture(true);
    expect(result.code, describeRun('vitest', result)).toBe(1);
    expect(report.numFailedTests).toBe(1);
    const failed = report.testResults.flatMap((r) => r.assertionResults).find((a) => a.status === 'failed');
    expect(failed?.title).toBe('engine docker is available');
    expect(failed?.failureMessages.join('\n')).toMatch(/end-to-end tests for docker FAILED: engine missing \(no executable .*no-such-docker\); CI=true never skips/);
  }, 120_000);

  it('skips off CI and says so loudly on the console', async () => {
    const { result, report } = await runFixture(false);
    expect(result.code, describeRun('vitest', result)).toBe(0);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPendingTests).toBe(1);
    expect(result.stdout + result.stderr).toMatch(
      /secpol: end-to-end tests for docker SKIPPED: engine missing \(no executable .*no-such-docker\); run `bash scripts\/setup-engines.sh` as root to enable/,
    );
  }, 120_000);
});
