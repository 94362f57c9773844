/**
 * `secpol --explain CODE`: the long explanation of a diagnostic code or name (`E0301`,
 * `unknown-capability`), of an advisory rule (`SPL102`, `root-user`), or of a former warning code
 * (`W0103`, which names the rule that took it over). An unknown code is a usage error with a guess.
 */
import { CATALOG, lookupCode } from '../compiler/diagnostics/catalog.js';
import { displayShort } from '../compiler/diagnostics/display.js';
import { suggest } from '../compiler/diagnostics/suggest.js';
import { LINT_RULES } from '../lint/rules.js';
import { usageExit, type ExitWith } from './exit.js';
import type { Io } from './io.js';

/** Prints the explanation of `code`, or ends with a usage error. */
export function explainCode(code: string, io: Io, exit: ExitWith): void {
  const usageError = (msg: string, help?: string): never => usageExit(io, exit, msg, help);
  const found = lookupCode(code);
  if (found) {
    io.stdout.write(`${found.code} (${found.entry.name}, ${found.entry.severity})\n\n${found.entry.explain}\n`);
    return;
  }
  const rule = LINT_RULES.find((r) => r.id === code.toUpperCase() || r.name === code.toLowerCase());
  const replacing = rule ? [] : LINT_RULES.filter((r) => r.replaces?.includes(code.toUpperCase()));
  const ruleText = (r: (typeof LINT_RULES)[number]): string =>
    `${r.id} (${r.name}, lint ${r.severity})\n\n${r.summary}\n\nWhy: ${r.rationale}\n\nFix: ${r.fix}\n\nReference: ${r.reference.title} <${r.reference.url}>\n`;
  if (rule) {
    io.stdout.write(ruleText(rule));
    return;
  }
  if (replacing.length > 0) {
    // A former compiler warning: its judgement is now the rule's (or rules').
    const ids = replacing.map((r) => r.id).join(', ');
    io.stdout.write(`${code.toUpperCase()} is now ${ids}: the compiler's warnings became advisory rules, shown by check, build and lint alike.\n\n${replacing.map(ruleText).join('\n')}`);
    return;
  }
  const known = [...Object.keys(CATALOG), ...Object.values(CATALOG).map((e) => e.name), ...LINT_RULES.flatMap((r) => [r.id, r.name])];
  const guess = suggest(code, known);
  usageError(`unknown diagnostic code \`${displayShort(code, 64)}\``, guess ? `did you mean \`${guess}\`?` : 'codes look like E0301 or SPL101');
}
