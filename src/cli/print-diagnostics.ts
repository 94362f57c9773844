/** Diagnostics for people, on stderr, with the count line every secpol command ends them with. */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { renderText } from '../compiler/diagnostics/render.js';
import type { Io } from './io.js';

/**
 * Writes each diagnostic and a `secpol: N errors, M warnings` line to stderr; `outcome` ends that
 * line when there are errors (`nothing was written`).
 */
export function printDiagnostics(diagnostics: readonly Diagnostic[], io: Io, color: boolean, outcome: string): void {
  for (const d of diagnostics) io.stderr.write(renderText(d, { color }) + '\n\n');
  if (diagnostics.length === 0) return;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  io.stderr.write(`${errors > 0 ? `secpol: ${plural(errors, 'error')}` : 'secpol: no errors'}${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}${errors > 0 ? `; ${outcome}` : ''}\n`);
}
