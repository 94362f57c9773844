// The house rule for lint rules, as for checks: one rule per file named for it, each with its own
// test file, registered once, with ids and names equal to the table the compiler checks suppressions against.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINT_RULE_IDS } from '../../src/compiler/lint-rule-ids.js';
import { CIS_VERSION } from '../../src/lint/rule.js';
import { LINT_RULES } from '../../src/lint/rules.js';
import { repoRoot } from '../support/repo.js';

describe('the lint rules', () => {
  it('each live in a file named for the rule and have a test file of the same name', () => {
    for (const r of LINT_RULES) {
      expect(existsSync(join(repoRoot, 'src', 'lint', 'rules', `${r.name}.ts`)), r.name).toBe(true);
      expect(existsSync(join(repoRoot, 'test', 'lint', 'rules', `${r.name}.test.ts`)), r.name).toBe(true);
    }
  });

  it('are the table the compiler checks `ignore` against, in id order', () => {
    expect(Object.fromEntries(LINT_RULES.map((r) => [r.id, r.name]))).toEqual(LINT_RULE_IDS);
    expect(LINT_RULES.map((r) => r.id)).toEqual(Object.keys(LINT_RULE_IDS));
    expect([...LINT_RULES.map((r) => r.id)].sort()).toEqual(LINT_RULES.map((r) => r.id));
  });

  it('have stable ids and kebab-case names, each once', () => {
    for (const r of LINT_RULES) {
      expect(r.id).toMatch(/^SPL[1-8]\d{2}$/);
      // The 8xx rules judge the Kubernetes manifests, and run only when that target is built.
      expect(r.id.startsWith('SPL8'), r.id).toBe(r.targets?.includes('kubernetes') ?? false);
      expect(r.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(new Set(LINT_RULES.map((r) => r.name)).size).toBe(LINT_RULES.length);
  });

  it('say what, why and how to fix in full sentences, with a reference and a security severity', () => {
    for (const r of LINT_RULES) {
      for (const text of [r.summary, r.rationale, r.fix]) expect(text, r.id).toMatch(/[.)]$/);
      expect(['error', 'warning', 'note']).toContain(r.severity);
      expect(r.reference.url, r.id).toMatch(/^https:\/\//);
      expect(r.securitySeverity, r.id).toBeGreaterThan(0);
      expect(r.securitySeverity, r.id).toBeLessThanOrEqual(10);
      expect(r.tags, r.id).toContain('security');
      // A CIS item is cited with the Benchmark's version.
      if (/CIS/.test(r.reference.title)) expect(r.reference.title.startsWith(CIS_VERSION), r.id).toBe(true);
    }
  });
});
