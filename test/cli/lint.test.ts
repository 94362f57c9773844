// `secpol lint` as a user runs it: every example in text, JSON and SARIF; the SARIF validated against
// the SARIF 2.1.0 schema; exit codes 0, 1 and 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceDir, repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');
const run = (args: string[], cwd = repoRoot) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'secpol-lint-'));
const examples = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).sort().map((f) => `examples/${f}`);

// The SARIF schema is draft-04 and uses `uri`, `uri-reference` and `date-time` formats (../shared/reference/sarif/SOURCE.md).
const require = createRequire(import.meta.url);
const Ajv04: typeof import('ajv-draft-04').default = require('ajv-draft-04');
const addFormats: typeof import('ajv-formats').default = require('ajv-formats');
const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(referenceDir, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
const sarifErrors = (doc: unknown): string[] => (validateSarif(doc) ? [] : (validateSarif.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const RISKY = 'workload risky {\n  image "busybox:1"\n  user root\n  capabilities { add SYS_ADMIN, NET_ADMIN }\n  network { publish 8080 -> 80 }\n  syscalls { allow @file-io, ptrace }\n  lint {\n    ignore SPL101 NET_ADMIN "manages its own tunnel interface"\n    ignore SPL504 "profiler sidecar, reviewed"\n  }\n}\n';

describe('secpol lint', () => {
  it('lints every example as text, with a score and its arithmetic, and exits 0', () => {
    const r = run(['lint', ...examples]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('examples/web.secpol:5:8: warning[SPL102 root-user]: the workload runs as root (uid 0)');
    expect(r.out).toMatch(/score of `web` \(examples\/web\.secpol\): 92\/100\n  100\n  -   8  SPL102 root-user \(1 warning × 8\)\n  = 92/);
    expect(r.out).toContain(`secpol lint: ${examples.length} policies, 0 errors, 1 warning, 0 notes`);
  });

  it('gives every example as JSON, with findings, locations and scores', () => {
    const r = run(['lint', ...examples, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.workloads.map((w: { workload: string }) => w.workload)).toEqual(['payments-api', 'orders-db', 'web', 'thumbnailer']);
    const web = j.workloads.find((w: { workload: string }) => w.workload === 'web');
    expect(web.score).toBe(92);
    expect(web.findings[0]).toMatchObject({ ruleId: 'SPL102', rule: 'root-user', severity: 'warning', location: { file: 'examples/web.secpol', line: 5, column: 8 }, suppressed: null });
  });

  it('gives every example as SARIF 2.1.0 that validates against the schema, byte-identical run after run', () => {
    const r = run(['lint', ...examples, '--format', 'sarif']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(sarifErrors(doc)).toEqual([]);
    expect(run(['lint', ...examples, '--format', 'sarif']).out).toBe(r.out);
    const runObj = doc.runs[0];
    expect(runObj.tool.driver.name).toBe('secpol');
    expect(runObj.tool.driver.rules.length).toBeGreaterThanOrEqual(30);
    expect(runObj.tool.driver.rules[0]).toMatchObject({ id: 'SPL101', name: 'dangerous-capability', defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '8.8' } });
    expect(runObj.results).toEqual([
      expect.objectContaining({ ruleId: 'SPL102', level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'examples/web.secpol' }, region: { startLine: 5, startColumn: 8, endLine: 5, endColumn: 12 } } }] }),
    ]);
    expect(runObj.properties.scores.map((s: { workload: string; score: number }) => [s.workload, s.score])).toEqual([['payments-api', 100], ['orders-db', 100], ['web', 92], ['thumbnailer', 100]]);
  });

  it('exits 1 on an unsuppressed error-level finding, and lists suppressed ones with their reasons (SARIF suppressions)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'risky.secpol'), RISKY);
    const text = run(['lint', 'risky.secpol'], dir);
    expect(text.code).toBe(1);
    expect(text.out).toContain('risky.secpol:4:22: error[SPL101 dangerous-capability]: capability `SYS_ADMIN`');
    expect(text.out).toContain('risky.secpol:4:33: error[SPL101 dangerous-capability]: capability `NET_ADMIN`');
    expect(text.out).toContain('  = suppressed at risky.secpol:8:5: "manages its own tunnel interface"');
    const sarif = run(['lint', 'risky.secpol', '--format', 'sarif'], dir);
    expect(sarif.code).toBe(1);
    const doc = JSON.parse(sarif.out);
    expect(sarifErrors(doc)).toEqual([]);
    const suppressed = doc.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions);
    expect(suppressed.map((r: { ruleId: string; suppressions: { kind: string; justification: string }[] }) => [r.ruleId, r.suppressions[0]!.kind, r.suppressions[0]!.justification])).toEqual([
      ['SPL101', 'inSource', 'manages its own tunnel interface'],
      ['SPL504', 'inSource', 'profiler sidecar, reviewed'],
    ]);
  });

  it('exits 1 with file:line:col diagnostics for a policy that does not compile (SARIF: a tool notification)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.secpol'), 'workload bad {\n  image "x"\n  lint { ignore SPL102 }\n}\n');
    const r = run(['lint', 'bad.secpol'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.secpol:3:17: error[E0211]: `ignore SPL102` has no reason');
    expect(r.err).not.toMatch(/\n\s+at /);
    const s = run(['lint', 'bad.secpol', '--format', 'sarif'], dir);
    expect(s.code).toBe(1);
    const doc = JSON.parse(s.out);
    expect(sarifErrors(doc)).toEqual([]);
    expect(doc.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', descriptor: { id: 'E0211' } }] });
  });

  it('exits 2 on usage errors', () => {
    expect(run(['lint', 'no-such.secpol']).code).toBe(2);
    const r = run(['lint', 'examples/web.secpol', '--format', 'sarf']);
    expect(r.code).toBe(2);
    expect(run(['lint']).code).toBe(2);
  });

  it('--fail-on sets the severity that fails the run, and --min-score a score threshold; JSON says why in `gate`', () => {
    // web scores 92 with one warning (SPL102) and no error.
    const web = (args: string[]) => run(['lint', 'examples/web.secpol', ...args]);
    expect(web([]).code).toBe(0);
    const warned = web(['--fail-on', 'warning']);
    expect(warned.code).toBe(1);
    expect(warned.err).toBe('secpol lint: `web` (examples/web.secpol) has 1 unsuppressed finding of severity warning or above (--fail-on warning)\n');
    expect(web(['--fail-on', 'note']).code).toBe(1);
    expect(web(['--min-score', '92']).code).toBe(0);
    const low = web(['--min-score', '93']);
    expect(low.code).toBe(1);
    expect(low.err).toBe('secpol lint: `web` (examples/web.secpol) scores 92, below --min-score 93\n');
    const json = JSON.parse(web(['--min-score', '93', '--fail-on', 'warning', '--format', 'json']).out);
    expect(json.ok).toBe(false);
    expect(json.gate).toEqual({
      failOn: 'warning',
      minScore: 93,
      failures: [
        { file: 'examples/web.secpol', workload: 'web', reason: 'findings', message: expect.stringContaining('1 unsuppressed finding') },
        { file: 'examples/web.secpol', workload: 'web', reason: 'score', message: expect.stringContaining('scores 92') },
      ],
    });
    expect(JSON.parse(web(['--format', 'json']).out)).toMatchObject({ ok: true, gate: { failOn: 'error', minScore: null, failures: [] } });
    // An error-level finding fails by default, and passes only with --fail-on never; suppressed findings never fail.
    const dir = tmp();
    writeFileSync(join(dir, 'risky.secpol'), RISKY);
    expect(run(['lint', 'risky.secpol'], dir).err).toContain('has 1 unsuppressed error (--fail-on error)');
    expect(run(['lint', 'risky.secpol', '--fail-on', 'never'], dir).code).toBe(0);
    expect(run(['lint', 'risky.secpol', '--fail-on', 'never', '--min-score', '0'], dir).code).toBe(0);
  });

  it('refuses a --fail-on or --min-score it cannot read, as a usage error that lints nothing', () => {
    for (const bad of [['--fail-on', 'warn'], ['--min-score', '101'], ['--min-score', '-1'], ['--min-score', '8.5'], ['--min-score', 'high'], ['--min-score', '080']]) {
      const r = run(['lint', 'examples/web.secpol', ...bad]);
      expect([bad.join(' '), r.code, r.out]).toEqual([bad.join(' '), 2, '']);
      expect(r.err).toMatch(/^secpol: error: option '--(fail-on <severity>|min-score <n>)' argument '[^']*' is invalid\./);
    }
  });
});
