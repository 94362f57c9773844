/**
 * The long text of an advisory rule's code, as `secpol --explain` and the library's `explainCode`
 * give it: by id or name (`SPL102`, `root-user`), or by a former compiler warning code (`W0103`),
 * which names the rule or rules that took it over. Catalog codes are the catalog's own.
 */
import { LINT_RULES } from '../lint/rules.js';
import type { LintRule } from '../lint/rule.js';

const ruleText = (r: LintRule): string =>
  `${r.id} (${r.name}, lint ${r.severity})\n\n${r.summary}\n\nWhy: ${r.rationale}\n\nFix: ${r.fix}\n\nReference: ${r.reference.title} <${r.reference.url}>\n`;

/** The explanation of a rule or a former warning code; undefined for any other code. */
export function ruleExplanation(code: string): string | undefined {
  const rule = LINT_RULES.find((r) => r.id === code.toUpperCase() || r.name === code.toLowerCase());
  if (rule) return ruleText(rule);
  const replacing = LINT_RULES.filter((r) => r.replaces?.includes(code.toUpperCase()));
  if (replacing.length === 0) return undefined;
  return `${code.toUpperCase()} is now ${replacing.map((r) => r.id).join(', ')}: the compiler's warnings became advisory rules, shown by check, build and lint alike.\n\n${replacing.map(ruleText).join('\n')}`;
}
