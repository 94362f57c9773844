/**
 * What every lint rule sees: the compiled IR (the facts), the merged workload (the spans of the
 * statements that produced them), and the extends chain, so a finding points at the statement a user
 * wrote. A finding that comes from a default points at the workload's name; one that comes from a
 * preset points at the `extends preset` line (a preset is not a file a user can open).
 */
import type { WorkloadAst } from '../compiler/ast.js';
import type { CompileResult } from '../compiler/compile.js';
import { canonicalCapability } from '../compiler/data/capabilities.js';
import type { Origin, PolicyIR, SeccompRule } from '../compiler/ir.js';
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
  readonly workload: WorkloadAst;
  /** The region of a span, or of the workload's name when there is none. */
  readonly at: (span: Span | null | undefined) => Region;
  /** The region of an IR origin (line 0, a fact secpol added itself, is the workload's name). */
  readonly atOrigin: (origin: Origin) => Region;
  /** The `add` that grants a capability (canonical name), or null. */
  readonly capabilitySpan: (capability: string) => Span | null;
  /** The seccomp rules that let `name` through (allow or log), in IR order. */
  readonly allowing: (name: string) => readonly SeccompRule[];
  /** True when the filter's default action lets unlisted syscalls through. */
  readonly defaultAllows: boolean;
}

const isPreset = (file: string): boolean => file.startsWith('<preset:');

/** Builds the context of a compiled policy; `result.ir` and `result.workload` must be set. */
export function lintContext(result: CompileResult): LintContext {
  const ir = result.ir!;
  const workload = result.workload!;
  const via = new Map(result.bases.map((b) => [b.file, b.via]));

  const fromSpan = (span: Span): Region => {
    const s = span.file.position(span.start);
    const e = span.file.position(span.end);
    return { file: span.file.name, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, inPreset: null };
  };
  const outOfPreset = (r: Region): Region => {
    const v = isPreset(r.file) ? via.get(r.file) : undefined;
    return v ? { ...fromSpan(v), inPreset: `${r.file}:${r.line}:${r.column}` } : r;
  };
  const atWorkload = (): Region => fromSpan(workload.name.span);
  const at = (span: Span | null | undefined): Region => (span ? outOfPreset(fromSpan(span)) : atWorkload());
  const atOrigin = (o: Origin): Region => (o.line === 0 ? atWorkload() : outOfPreset({ file: o.file, line: o.line, column: o.column, endLine: o.endLine, endColumn: o.endColumn, inPreset: null }));

  const byName = new Map<string, SeccompRule[]>();
  for (const r of ir.seccomp.rules) {
    if (r.action.kind !== 'allow' && r.action.kind !== 'log') continue;
    for (const n of r.names) byName.set(n, [...(byName.get(n) ?? []), r]);
  }
  return {
    ir,
    workload,
    at,
    atOrigin,
    capabilitySpan: (cap) => [...workload.capabilities.add].reverse().find((c) => canonicalCapability(c.value) === cap)?.span ?? null,
    allowing: (name) => byName.get(name) ?? [],
    defaultAllows: ir.seccomp.defaultAction.kind === 'allow' || ir.seccomp.defaultAction.kind === 'log',
  };
}
