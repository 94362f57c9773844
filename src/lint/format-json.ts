/** The lint report for programs: stable keys, 1-based lines and columns, sorted as the text. */
import { DEFAULT_GATE, gateFailures, type Gate, type GateFailure } from './gate.js';
import type { WorkloadReport } from './lint.js';

/**
 * The JSON document of a lint run. `diagnostics` are the compiler's, for policies that did not compile;
 * `ok` is false when one of them is an error or a workload fails the gate (`gate.failures` says why;
 * the caller passes them when it has judged the gate already).
 */
export function lintJson(
  version: string,
  reports: readonly WorkloadReport[],
  diagnostics: readonly Record<string, unknown>[],
  gate: Gate = DEFAULT_GATE,
  failures: readonly GateFailure[] = gateFailures(reports, gate),
): Record<string, unknown> {
  return {
    version,
    ok: diagnostics.every((d) => d['severity'] !== 'error') && failures.length === 0,
    gate: { failOn: gate.failOn, minScore: gate.minScore, failures },
    workloads: reports.map((r) => ({
      file: r.file,
      workload: r.workload,
      score: r.score.value,
      scoreLines: r.score.lines,
      findings: r.findings.map((f) => ({
        ruleId: f.ruleId,
        rule: f.ruleName,
        severity: f.severity,
        message: f.message,
        subject: f.subject,
        location: { file: f.region.file, line: f.region.line, column: f.region.column, endLine: f.region.endLine, endColumn: f.region.endColumn, inPreset: f.region.inPreset },
        suppressed: f.suppression ? { reason: f.suppression.reason, location: { file: f.suppression.region.file, line: f.suppression.region.line, column: f.suppression.region.column } } : null,
      })),
      unusedSuppressions: r.unusedSuppressions.map((u) => ({ rule: u.rule, subject: u.subject, location: { file: u.region.file, line: u.region.line, column: u.region.column } })),
    })),
    diagnostics,
  };
}
