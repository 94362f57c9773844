/**
 * The lint rules' test harness: compile a policy from text (as test/support/harness.ts does) and read
 * one rule's findings as `ID@line:col` strings, suppressed ones marked `(suppressed)`.
 */
import type { CompileResult } from '../../src/compiler/compile.js';
import { lintPolicy, type WorkloadReport } from '../../src/lint/lint.js';
import { ruleById } from '../../src/lint/rules.js';
import { compileText } from './harness.js';

/** Lints `text` (which must compile) with every rule. */
export function lintText(text: string, files: Record<string, string> = {}, name = 'test.secpol'): WorkloadReport {
  return lintResult(compileText(text, files, name), name);
}

/** Lints a compile result; throws with the diagnostics when it did not compile. */
export function lintResult(result: CompileResult, name = 'test.secpol'): WorkloadReport {
  if (!result.ir) throw new Error(`the policy does not compile: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return lintPolicy(name, result);
}

/** The findings of one rule, run alone, as `SPL101@4:9`. */
export function findings(ruleId: string, text: string, files: Record<string, string> = {}): string[] {
  const rule = ruleById(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const result = compileText(text, files);
  if (!result.ir) throw new Error(`the policy does not compile: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return lintPolicy('test.secpol', result, [rule]).findings.map((f) => `${f.ruleId}@${f.region.line}:${f.region.column}${f.suppression ? ' (suppressed)' : ''}`);
}
