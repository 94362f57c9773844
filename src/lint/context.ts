/**
 * What every lint rule sees: the compiled IR (the facts and their provenance, read through
 * `compiler/ir-query.ts`) and the extends chain, so a finding points at the statement a user wrote.
 * A finding that comes from a default points at the workload's name; one that comes from a preset
 * points at the `extends preset` line (a preset is not a file a user can open).
 */
import type { CompileResult } from '../compiler/compile.js';
import type { Origin, PolicyIR, SeccompRule } from '../compiler/ir.js';
import { allowingRules, defaultAllows, settingOrigin } from '../compiler/ir-query.js';
import type { Span } from '../compiler/source.js';

/** A place in a policy file: 1-based lines and columns; the end is exclusive. */
export interface Region {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** When the statement is in a preset, where in it (`<preset:batch-job>:4:5`); the region is the `extends` line. */
  readonly inPreset: string | null;
}

/** The input of every rule. */
export interface LintContext {
  readonly ir: PolicyIR;
  /** The region of an IR origin, or of the workload's name when there is none (or it is line 0, a fact secpol added itself). */
  readonly at: (origin: Origin | null | undefined) => Region;
  /** The region of the statement that decides a setting (`ir-query.ts` lists the keys), or of the workload's name for a default. */
  readonly setting: (key: string, value?: string) => Region;
  /** The seccomp rules that let `name` through (allow or log), in IR order. */
  readonly allowing: (name: string) => readonly SeccompRule[];
  /** True when the filter's default action lets unlisted syscalls through. */
  readonly defaultAllows: boolean;
}

const isPreset = (file: string): boolean => file.startsWith('<preset:');

/** Builds the context of a compiled policy; `result.ir` must be set. */
export function lintContext(result: CompileResult): LintContext {
  const ir = result.ir!;
  const via = new Map(result.bases.map((b) => [b.file, b.via]));

  const fromSpan = (span: Span): Region => {
    const s = span.file.position(span.start);
    const e = span.file.position(span.end);
    return { file: span.file.name, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, inPreset: null };
  };
  const fromOrigin = (o: Origin): Region => ({ file: o.file, line: o.line, column: o.column, endLine: o.endLine, endColumn: o.endColumn, inPreset: null });
  const outOfPreset = (r: Region): Region => {
    const v = isPreset(r.file) ? via.get(r.file) : undefined;
    return v ? { ...fromSpan(v), inPreset: `${r.file}:${r.line}:${r.column}` } : r;
  };
  const name = settingOrigin(ir, 'name');
  const atWorkload = (): Region => (name ? fromOrigin(name) : { file: ir.sourceFile, line: 1, column: 1, endLine: 1, endColumn: 1, inPreset: null });
  const at = (o: Origin | null | undefined): Region => (!o || o.line === 0 ? atWorkload() : outOfPreset(fromOrigin(o)));
  return {
    ir,
    at,
    setting: (key, value) => at(settingOrigin(ir, key, value)),
    allowing: (n) => allowingRules(ir, n),
    defaultAllows: defaultAllows(ir),
  };
}
