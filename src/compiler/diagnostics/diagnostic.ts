/**
 * The one diagnostic shape of secpol (after hcl's and rustc's): a stable code, a severity, a message
 * that stands alone, the span of the exact token at fault, optional labelled spans, notes, and a
 * `help` line that proposes the fix.
 */
import type { Span } from '../source.js';
import { CATALOG, type Code, type ParamsOf } from './catalog.js';

/** A secondary place shown with its own label, e.g. the first of two duplicate entries. */
export interface Label {
  readonly span: Span;
  readonly message: string;
}

/** The code of an advisory rule (`SPL102`): its findings are warnings of `check` and `build`, and what `lint` scores. */
export type RuleCode = `SPL${string}`;

/** One error or warning. */
export interface Diagnostic {
  /** A catalog code (`E0301`), or an advisory rule's (`SPL102`). */
  readonly code: Code | RuleCode;
  readonly name: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Null only for problems with no place in a policy (a file that cannot be read). */
  readonly span: Span | null;
  /** Shown under the caret of the main span. */
  readonly label: string | null;
  readonly labels: readonly Label[];
  readonly notes: readonly string[];
  readonly help: string | null;
  /** Replacement text for the main span, when there is one obvious fix. */
  readonly suggestion: string | null;
}

/** Optional parts of a diagnostic. */
export interface Extras {
  readonly label?: string;
  readonly labels?: readonly Label[];
  readonly notes?: readonly string[];
  readonly help?: string | null;
  readonly suggestion?: string | null;
}

/** Builds a diagnostic from the catalog: the only way diagnostics are made. */
export function diag<C extends Code>(code: C, span: Span | null, params: ParamsOf<C>, extras: Extras = {}): Diagnostic {
  const e = CATALOG[code] as unknown as { name: string; severity: 'error' | 'warning'; message: (p: ParamsOf<C>) => string };
  return {
    code,
    name: e.name,
    severity: e.severity,
    message: e.message(params),
    span,
    label: extras.label ?? null,
    labels: extras.labels ?? [],
    notes: extras.notes ?? [],
    help: extras.help ?? (extras.suggestion != null ? `did you mean \`${extras.suggestion}\`?` : null),
    suggestion: extras.suggestion ?? null,
  };
}

/**
 * An advisory rule's finding as a diagnostic: always a warning, since advice never stops a build
 * (`secpol lint` gates on the rule's own severity). Built only by src/lint/advise.ts, as catalog
 * diagnostics are built only by `diag`; the rule's fix is the help line.
 */
export function advisory(code: RuleCode, name: string, message: string, span: Span | null, extras: Extras = {}): Diagnostic {
  return { code, name, severity: 'warning', message, span, label: extras.label ?? null, labels: extras.labels ?? [], notes: extras.notes ?? [], help: extras.help ?? null, suggestion: null };
}

/** True when any diagnostic is an error. */
export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/** Sorts diagnostics by file, then position, then code, so output is stable. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => {
    const fa = a.span?.file.name ?? '';
    const fb = b.span?.file.name ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const sa = a.span?.start ?? -1;
    const sb = b.span?.start ?? -1;
    if (sa !== sb) return sa - sb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
