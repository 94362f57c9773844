/**
 * Advice: the advisory rules (src/lint/rules/) run on a policy that compiled, once, for every
 * command. `check`, `build`, `diff` and the library show each unsuppressed finding as a warning
 * diagnostic with the rule's code (`warning[SPL102]`), its span and its fix; `lint` shows the same
 * findings with their severities, suppressions and the score. So the compiler's own checks decide
 * only what is an error, and every judgement of the form "legal, but look again" is a rule, in one
 * code space. Pure: the CLI compiles and prints.
 */
import type { CompileResult } from '../compiler/compile.js';
import { advisory, sortDiagnostics, type Diagnostic, type RuleCode } from '../compiler/diagnostics/diagnostic.js';
import { lintPolicy, type Finding, type WorkloadReport } from './lint.js';
import type { LintRule } from './rule.js';
import { DEFAULT_RULES, ruleById } from './rules.js';

/** A compile result with its advice: the lint report (null when the policy did not compile) and, in `diagnostics`, its unsuppressed findings as warnings. */
export interface AdvisedResult extends CompileResult {
  readonly report: WorkloadReport | null;
}

/** A finding as the warning `check` and `build` print. */
export function findingDiagnostic(f: Finding): Diagnostic {
  const rule = ruleById(f.ruleId);
  const notes: string[] = [];
  if (f.region.inPreset) notes.push(`written in ${f.region.inPreset}`);
  if (f.severity === 'error') notes.push(`\`secpol lint\` counts this as an error (${f.ruleId} ${f.ruleName})`);
  return advisory(f.ruleId as RuleCode, f.ruleName, f.message, f.span, { notes, help: rule?.fix ?? null });
}

/**
 * Runs the rules on a compiled policy and adds their unsuppressed findings to its diagnostics, in
 * the diagnostics' order (file, position, code). A policy with errors gets no advice.
 */
export function advise(file: string, result: CompileResult, rules: readonly LintRule[] = DEFAULT_RULES): AdvisedResult {
  if (result.ir === null) return { ...result, report: null };
  const report = lintPolicy(file, result, rules);
  const warnings = report.findings.filter((f) => !f.suppression).map(findingDiagnostic);
  return { ...result, diagnostics: sortDiagnostics([...result.diagnostics, ...warnings]), report };
}
