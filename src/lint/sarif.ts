/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, the rules in `tool.driver.rules` (with
 * `security-severity` and tags), a result per finding with a relative `artifactLocation.uri` and a
 * region, suppressed findings with `suppressions[].justification`, and the scores in
 * `run.properties`. Output is deterministic: no timestamps, no absolute paths the caller did not give.
 */
import type { Region } from './context.js';
import type { WorkloadReport } from './lint.js';
import type { LintRule } from './rule.js';
import { LINT_RULES } from './rules.js';

/** A policy that did not compile: its diagnostics become tool notifications. */
export interface SarifNotification {
  readonly level: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly file: string | null;
  readonly line: number;
  readonly column: number;
}

/** A file name as a SARIF URI reference: forward slashes, no `./`, each segment percent-encoded. */
export function sarifUri(file: string): string {
  const p = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const enc = p.split('/').map((s) => encodeURIComponent(s)).join('/');
  return p.startsWith('/') ? `file://${enc}` : enc;
}

function region(r: Region): Record<string, number> {
  const empty = r.endLine === r.line && r.endColumn <= r.column;
  return empty ? { startLine: r.line, startColumn: r.column } : { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

const location = (r: Region) => ({ physicalLocation: { artifactLocation: { uri: sarifUri(r.file) }, region: region(r) } });

function ruleDescriptor(rule: LintRule): Record<string, unknown> {
  const text = `${rule.rationale}\n\nFix: ${rule.fix}\n\nReference: ${rule.reference.title} (${rule.reference.url})`;
  const markdown = `${rule.rationale}\n\n**Fix:** ${rule.fix}\n\n**Reference:** [${rule.reference.title}](${rule.reference.url})`;
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.rationale },
    help: { text, markdown },
    helpUri: rule.reference.url,
    defaultConfiguration: { level: rule.severity },
    properties: { 'security-severity': rule.securitySeverity.toFixed(1), tags: [...rule.tags], precision: 'high', 'problem.severity': rule.severity === 'note' ? 'recommendation' : rule.severity },
  };
}

/** The SARIF log of a lint run. */
export function lintSarif(version: string, reports: readonly WorkloadReport[], notifications: readonly SarifNotification[]): Record<string, unknown> {
  const index = new Map(LINT_RULES.map((r, i) => [r.id, i]));
  const results = reports.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: f.severity,
      message: { text: f.message },
      locations: [location(f.region)],
      partialFingerprints: { 'secpolFinding/v1': `${r.workload}/${f.ruleId}/${f.subject}` },
      ...(f.suppression ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: f.suppression.reason, location: location(f.suppression.region) }] } : {}),
      properties: { workload: r.workload, subject: f.subject },
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'secpol', version, semanticVersion: version, rules: LINT_RULES.map(ruleDescriptor) } },
        invocations: [
          {
            executionSuccessful: notifications.every((n) => n.level !== 'error'),
            toolExecutionNotifications: notifications.map((n) => ({
              level: n.level,
              message: { text: n.message },
              descriptor: { id: n.code },
              ...(n.file ? { locations: [location({ file: n.file, line: n.line, column: n.column, endLine: n.line, endColumn: n.column, inPreset: null })] } : {}),
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          scores: reports.map((r) => ({ file: sarifUri(r.file), workload: r.workload, score: r.score.value, lines: r.score.lines.map((l) => ({ ...l })) })),
        },
      },
    ],
  };
}
