/**
 * `secpol --explain CODE`: the long explanation of a diagnostic code or name (`E0301`,
 * `unknown-capability`), of an advisory rule (`SPL102`, `root-user`), or of a former warning code
 * (`W0103`, which names the rule that took it over). An unknown code is a usage error with a guess.
 */
import { CATALOG, lookupCode } from '../compiler/diagnostics/catalog.js';
import { displayShort } from '../compiler/diagnostics/display.js';
import { suggest } from '../compiler/diagnostics/suggest.js';
import { ruleExplanation } from '../explain/codes.js';
import { LINT_RULES } from '../lint/rules.js';
import { usageExit, type ExitWith } from './exit.js';
import type { Io } from './io.js';

/** Prints the explanation of `code`, or ends with a usage error. */
export function explainCode(code: string, io: Io, exit: ExitWith): void {
  const found = lookupCode(code);
  if (found) {
    io.stdout.write(`${found.code} (${found.entry.name}, ${found.entry.severity})\n\n${found.entry.explain}\n`);
    return;
  }
  const explained = ruleExplanation(code);
  if (explained !== undefined) {
    io.stdout.write(explained);
    return;
  }
  const known = [...Object.keys(CATALOG), ...Object.values(CATALOG).map((e) => e.name), ...LINT_RULES.flatMap((r) => [r.id, r.name])];
  const guess = suggest(code, known);
  usageExit(io, exit, `unknown diagnostic code \`${displayShort(code, 64)}\``, guess ? `did you mean \`${guess}\`?` : 'codes look like E0301 or SPL101');
}
