/**
 * The score of a workload, 0–100: 100 minus what its unsuppressed findings cost. Each finding costs
 * the weight of its rule's severity; a rule costs at most twice its weight however often it fires, so
 * ten dangerous capabilities read as "very bad", not as ten times one. Suppressed findings cost
 * nothing (their reason is shown instead). docs/lint.md gives the formula.
 */
import type { LintSeverity } from './rule.js';

/** What one finding of a severity costs. */
export const SEVERITY_WEIGHT: Readonly<Record<LintSeverity, number>> = { error: 20, warning: 8, note: 2 };

/** A rule's cost is capped at this many findings' worth. */
export const PER_RULE_CAP = 2;

/** One line of the explanation: a rule, how many findings, what they cost. */
export interface ScoreLine {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: LintSeverity;
  readonly findings: number;
  readonly cost: number;
}

/** The score and how it was reached. */
export interface Score {
  readonly value: number;
  readonly lines: readonly ScoreLine[];
}

/** Scores a workload from its unsuppressed findings (rule id, name, severity per finding). */
export function score(findings: readonly { ruleId: string; ruleName: string; severity: LintSeverity }[]): Score {
  const byRule = new Map<string, { ruleName: string; severity: LintSeverity; n: number }>();
  for (const f of findings) {
    const e = byRule.get(f.ruleId) ?? { ruleName: f.ruleName, severity: f.severity, n: 0 };
    e.n++;
    byRule.set(f.ruleId, e);
  }
  const lines: ScoreLine[] = [...byRule.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ruleId, e]) => ({ ruleId, ruleName: e.ruleName, severity: e.severity, findings: e.n, cost: Math.min(e.n, PER_RULE_CAP) * SEVERITY_WEIGHT[e.severity] }));
  return { value: Math.max(0, 100 - lines.reduce((s, l) => s + l.cost, 0)), lines };
}
