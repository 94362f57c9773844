// One rule system: `secpol check`, `secpol build` and `secpol lint` report the same advisory
// findings for every example and golden fixture: the same codes at the same places, check and build
// as warnings, lint with its severities (suppressed findings shown by lint only, with their reason).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../support/repo.js';

const policies = [
  ...readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).map((f) => `examples/${f}`),
  ...readdirSync(join(repoRoot, 'test/golden/cases')).map((c) => `test/golden/cases/${c}/policy.secpol`),
].sort();

const out = mkdtempSync(join(tmpdir(), 'secpol-agree-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let stdout = '';
  const code = await main(argv, { stdout: { write: (s) => (stdout += String(s)) }, stderr: { write: () => true }, env: {}, cwd: repoRoot });
  return { code, json: JSON.parse(stdout) as Record<string, unknown> };
}

type Json = { code: string; severity: string; location: { file: string; line: number; column: number } | null };
const place = (d: Json): string => `${d.code}@${d.location?.file}:${d.location?.line}:${d.location?.column}`;

describe('check, build and lint agree', () => {
  let compiled = 0;
  let advised = 0;
  for (const file of policies)
    it(file, async () => {
      const checked = await run(['check', file, '--format', 'json']);
      const diagnostics = checked.json['diagnostics'] as Json[];
      if (diagnostics.some((d) => d.severity === 'error')) {
        // Nothing to advise on: lint reports the same errors and no findings.
        const linted = await run(['lint', file, '--format', 'json']);
        expect(linted.code).toBe(1);
        expect(linted.json['workloads']).toEqual([]);
        return;
      }
      compiled++;
      const warnings = diagnostics.map(place).sort();
      const built = await run(['build', file, '--format', 'json', '--out-dir', join(out, String(compiled))]);
      expect(built.code).toBe(0);
      expect((built.json['diagnostics'] as Json[]).map(place).sort()).toEqual(warnings);
      const linted = await run(['lint', file, '--format', 'json', '--fail-on', 'never']);
      const findings = (linted.json['workloads'] as { findings: { ruleId: string; location: { file: string; line: number; column: number }; suppressed: unknown }[] }[])[0]!.findings;
      const open = findings.filter((f) => f.suppressed === null).map((f) => `${f.ruleId}@${f.location.file}:${f.location.line}:${f.location.column}`).sort();
      expect(open).toEqual(warnings);
      // Every warning is a rule's: the compiler itself no longer warns.
      for (const d of diagnostics) expect(d.code).toMatch(/^SPL\d{3}$/);
      if (warnings.length > 0) advised++;
    });

  it('covered policies that compile, with findings and without', () => {
    expect(compiled).toBeGreaterThanOrEqual(12);
    expect(advised).toBeGreaterThanOrEqual(4);
  });
});
