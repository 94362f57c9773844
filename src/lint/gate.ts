/**
 * When `secpol lint` fails a run: an unsuppressed finding at or above `--fail-on` (default: error),
 * or a workload that scores below `--min-score`. Pure: the CLI prints the failures and sets the exit code.
 */
import type { WorkloadReport } from './lint.js';
import type { LintSeverity } from './rule.js';

export const FAIL_ON_CHOICES = ['error', 'warning', 'note', 'never'] as const;
export type FailOn = (typeof FAIL_ON_CHOICES)[number];

/** What fails a run. */
export interface Gate {
  readonly failOn: FailOn;
  /** 0–100, or null for no score threshold. */
  readonly minScore: number | null;
}

export const DEFAULT_GATE: Gate = { failOn: 'error', minScore: null };

/** One reason a workload fails the gate. */
export interface GateFailure {
  readonly file: string;
  readonly workload: string;
  readonly reason: 'findings' | 'score';
  readonly message: string;
}

const RANK: Readonly<Record<LintSeverity, number>> = { note: 0, warning: 1, error: 2 };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The severities that fail a run under `failOn`, most severe first. */
export function failingSeverities(failOn: FailOn): LintSeverity[] {
  return failOn === 'never' ? [] : (['error', 'warning', 'note'] as const).filter((s) => RANK[s] >= RANK[failOn]);
}

/** Why each workload fails the gate, in report order; empty when the run passes. */
export function gateFailures(reports: readonly WorkloadReport[], gate: Gate): GateFailure[] {
  const failing = new Set(failingSeverities(gate.failOn));
  const out: GateFailure[] = [];
  for (const r of reports) {
    const open = r.findings.filter((f) => !f.suppression && failing.has(f.severity));
    if (open.length > 0) {
      const what = gate.failOn === 'error' ? plural(open.length, 'unsuppressed error') : `${plural(open.length, 'unsuppressed finding')} of severity ${gate.failOn} or above`;
      out.push({ file: r.file, workload: r.workload, reason: 'findings', message: `\`${r.workload}\` (${r.file}) has ${what} (--fail-on ${gate.failOn})` });
    }
    if (gate.minScore !== null && r.score.value < gate.minScore)
      out.push({ file: r.file, workload: r.workload, reason: 'score', message: `\`${r.workload}\` (${r.file}) scores ${r.score.value}, below --min-score ${gate.minScore}` });
  }
  return out;
}
