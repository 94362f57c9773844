/**
 * Lints one compiled policy: runs every rule on the IR, applies the policy's `lint { ignore … }`
 * suppressions (a suppressed finding stays in the report, with its reason), and scores the workload.
 * Pure: the CLI reads the files and prints the report.
 */
import { canonicalCapability } from '../compiler/data/capabilities.js';
import type { CompileResult } from '../compiler/compile.js';
import { lintRuleId } from '../compiler/lint-rule-ids.js';
import type { SourceFile, Span } from '../compiler/source.js';
import { lintContext, type Region } from './context.js';
import type { LintRule, LintSeverity } from './rule.js';
import { DEFAULT_RULES } from './rules.js';
import { score, type Score } from './score.js';

/** The suppression that covers a finding: its reason and where it is written. */
export interface Suppression {
  readonly reason: string;
  readonly region: Region;
}

/** One finding of one rule. */
export interface Finding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: LintSeverity;
  readonly message: string;
  readonly subject: string;
  readonly region: Region;
  /** The same place as a span of its source file, for rendering the finding as a diagnostic; null when the file is not one of the compile's. */
  readonly span: Span | null;
  readonly suppression: Suppression | null;
}

/** The span of a region in the files a policy was compiled from. */
function spanOf(files: readonly SourceFile[], r: Region): Span | null {
  const file = files.find((f) => f.name === r.file);
  if (!file) return null;
  const start = file.offsetOf(r.line, r.column);
  return { file, start, end: Math.max(start, file.offsetOf(r.endLine, r.endColumn)) };
}

/** The lint report of one policy file. */
export interface WorkloadReport {
  /** The policy file as the user named it. */
  readonly file: string;
  readonly workload: string;
  /** Sorted by file, line, column, rule id, subject. */
  readonly findings: readonly Finding[];
  readonly score: Score;
  /** Suppressions that matched no finding: stale, or narrowed to a subject that does not occur. */
  readonly unusedSuppressions: readonly { readonly rule: string; readonly subject: string | null; readonly region: Region }[];
}

const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Subjects compare without case, `CAP_` or `@`, so `ignore SPL101 sys_admin` matches CAP_SYS_ADMIN. */
const normSubject = (s: string): string => (canonicalCapability(s) ?? s).toUpperCase().replace(/^@/, '');

/**
 * Lints a policy that compiled (`result.ir` set) with `rules` (by default those of the default
 * targets). A suppression of a rule that did not run is not reported as unused.
 */
export function lintPolicy(file: string, result: CompileResult, rules: readonly LintRule[] = DEFAULT_RULES): WorkloadReport {
  const ctx = lintContext(result);
  const ignores = ctx.ir.provenance.ignores.map((ig) => ({ ig, id: lintRuleId(ig.rule), used: false }));
  const findings: Finding[] = [];
  for (const rule of rules)
    for (const f of rule.run(ctx)) {
      // The last matching suppression is the most specific file's (bases merge first).
      const match = [...ignores].reverse().find((x) => x.id === rule.id && (x.ig.subject === null || normSubject(x.ig.subject) === normSubject(f.subject)));
      if (match) match.used = true;
      findings.push({
        ruleId: rule.id,
        ruleName: rule.name,
        severity: rule.severity,
        message: f.message,
        subject: f.subject,
        region: f.region,
        span: spanOf(result.files, f.region),
        suppression: match ? { reason: match.ig.reason ?? '', region: ctx.at(match.ig.origin) } : null,
      });
    }
  findings.sort((a, b) => cmp(a.region.file, b.region.file) || a.region.line - b.region.line || a.region.column - b.region.column || cmp(a.ruleId, b.ruleId) || cmp(a.subject, b.subject));
  return {
    file,
    workload: ctx.ir.name,
    findings,
    score: score(findings.filter((f) => !f.suppression)),
    unusedSuppressions: ignores.filter((x) => !x.used && x.id && rules.some((r) => r.id === x.id)).map((x) => ({ rule: x.id!, subject: x.ig.subject, region: ctx.at(x.ig.origin) })),
  };
}

