/** The lint report for people: one block per finding, the score with its arithmetic, a total line. */
import type { Region } from './context.js';
import type { Finding, WorkloadReport } from './lint.js';
import { ruleById } from './rules.js';
import { SEVERITY_WEIGHT, PER_RULE_CAP } from './score.js';
import { paint as ansi } from '../compiler/diagnostics/render.js';

const where = (r: Region): string => `${r.file}:${r.line}:${r.column}`;

/** How the text is shown: `color` paints severities, rule ids and `help` as the compiler's diagnostics do. */
export interface LintTextOptions {
  readonly color: boolean;
}

const SEVERITY_PAINT: Readonly<Record<string, string>> = { error: '1;31', warning: '1;33', note: '1;32' };
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function finding(f: Finding, paint: (code: string, s: string) => string): string {
  const rule = ruleById(f.ruleId);
  const lines = [`${where(f.region)}: ${paint(SEVERITY_PAINT[f.severity]!, f.severity)}${paint('1', `[${f.ruleId} ${f.ruleName}]: ${f.message}`)}`];
  if (f.region.inPreset) lines.push(`  = note: written in ${f.region.inPreset}`);
  if (f.suppression) lines.push(`  = suppressed at ${where(f.suppression.region)}: "${f.suppression.reason}"`);
  else if (rule) lines.push(`  = reference: ${rule.reference.title}`, `${paint('1;36', 'help')}: ${rule.fix}`);
  return lines.join('\n');
}

/** How the score was reached, one line per rule that cost something. */
export function renderScore(r: WorkloadReport): string {
  const out = [`score of \`${r.workload}\` (${r.file}): ${r.score.value}/100`, '  100'];
  for (const l of r.score.lines) {
    const capped = l.findings > PER_RULE_CAP ? `, counted as ${PER_RULE_CAP}` : '';
    out.push(`  - ${String(l.cost).padStart(3)}  ${l.ruleId} ${l.ruleName} (${plural(l.findings, l.severity)} × ${SEVERITY_WEIGHT[l.severity]}${capped})`);
  }
  const suppressed = r.findings.filter((f) => f.suppression).length;
  if (suppressed > 0) out.push(`  -   0  ${plural(suppressed, 'suppressed finding')}`);
  out.push(`  = ${r.score.value}${r.score.lines.reduce((s, l) => s + l.cost, 0) > 100 ? ' (the score stops at 0)' : ''}`);
  return out.join('\n');
}

/** The whole text report of several policies. */
export function renderLintText(reports: readonly WorkloadReport[], options: LintTextOptions = { color: false }): string {
  const paint = (code: string, s: string): string => ansi(options.color, code, s);
  const blocks: string[] = [];
  for (const r of reports) {
    for (const f of r.findings) blocks.push(finding(f, paint));
    for (const u of r.unusedSuppressions) blocks.push(`${where(u.region)}: ${paint(SEVERITY_PAINT['note']!, 'note')}: \`ignore ${u.rule}${u.subject ? ` ${u.subject}` : ''}\` suppresses nothing\nhelp: remove it, or check the subject against the finding's`);
    blocks.push(renderScore(r));
  }
  const all = reports.flatMap((r) => r.findings);
  const open = all.filter((f) => !f.suppression);
  const count = (s: string) => open.filter((f) => f.severity === s).length;
  blocks.push(
    `secpol lint: ${plural(reports.length, 'policy').replace('policys', 'policies')}, ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('note'), 'note')}` +
      (all.length > open.length ? `, ${all.length - open.length} suppressed` : ''),
  );
  return blocks.join('\n\n') + '\n';
}
