/**
 * The three forms of a privilege diff: text for a terminal, Markdown for a pull-request comment, and
 * JSON for programs (its shape is documented in docs/review.md and only grows). Pure: the CLI decides
 * colour and where the text goes.
 */
import { CATEGORY_ORDER, type Category, type Direction, type PrivilegeChange, type PrivilegeDiff } from './privilege-diff.js';

/** One side of the comparison, as the user named it. */
export interface DiffSide {
  /** `web.secpol` or `main:web.secpol`. */
  readonly file: string;
  readonly workload: string;
}

/** Bumped when a field of the JSON form changes meaning or goes away (new fields may be added). */
export const DIFF_JSON_VERSION = 1 as const;

const MARK: Readonly<Record<Direction, string>> = { growth: '⬆', reduction: '⬇', neutral: '·' };

/** `1 growth, 2 reductions, 1 neutral` (only the non-zero parts; `no changes` when all are zero). */
export function summaryText(d: PrivilegeDiff): string {
  const parts: string[] = [];
  if (d.summary.growth > 0) parts.push(`${d.summary.growth} growth`);
  if (d.summary.reduction > 0) parts.push(`${d.summary.reduction} reduction${d.summary.reduction === 1 ? '' : 's'}`);
  if (d.summary.neutral > 0) parts.push(`${d.summary.neutral} neutral`);
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}

const verdict = (d: PrivilegeDiff): string => (d.grew ? 'privilege grew' : d.changes.length === 0 ? 'no privilege change' : 'privilege did not grow');

function byCategory(d: PrivilegeDiff): [Category, PrivilegeChange[]][] {
  return CATEGORY_ORDER.map((c): [Category, PrivilegeChange[]] => [c, d.changes.filter((x) => x.category === c)]).filter(([, xs]) => xs.length > 0);
}

/** For a terminal: a verdict line, then one block per category, one change per line. */
export function renderDiffText(d: PrivilegeDiff, before: DiffSide, after: DiffSide, opts: { readonly color: boolean }): string {
  const paint = (code: string, s: string): string => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const tint: Readonly<Record<Direction, string>> = { growth: '1;31', reduction: '32', neutral: '2' };
  const label: Readonly<Record<Direction, string>> = { growth: 'growth   ', reduction: 'reduction', neutral: 'neutral  ' };
  const out = [`secpol: ${paint(d.grew ? '1;31' : '1', verdict(d))}: ${summaryText(d)} (${before.file} → ${after.file})`];
  for (const [category, changes] of byCategory(d)) {
    out.push('', paint('1', category));
    for (const c of changes) out.push(`  ${paint(tint[c.direction], `${MARK[c.direction]} ${label[c.direction]}`)}  ${c.message}`);
  }
  return out.join('\n') + '\n';
}

/** Markdown text is data: characters that Markdown or a table would read as syntax are escaped. */
const md = (s: string): string => s.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);

/** A code span (`|` still escaped: a table cell ends at a bare one even inside backticks). */
const code = (s: string): string => {
  const fence = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s.replace(/\|/g, '\\|')}${pad}${fence}`;
};

/** A change's message with its subject as code, the rest as escaped text. */
const mdMessage = (c: PrivilegeChange): string => {
  const i = c.message.indexOf(c.subject);
  return i < 0 ? md(c.message) : `${md(c.message.slice(0, i))}${code(c.subject)}${md(c.message.slice(i + c.subject.length))}`;
};

/**
 * For a pull-request comment: a heading, a summary line, then the growth in a table of its own (what
 * the reviewer is asked to look at) and the other changes in a second table, folded when growth
 * leads. Each table is in risk order.
 */
export function renderDiffMarkdown(d: PrivilegeDiff, before: DiffSide, after: DiffSide): string {
  const head = d.grew ? '⬆ privilege grew' : d.changes.length === 0 ? 'no privilege change' : '⬇ privilege did not grow';
  const out = [`### secpol: ${head}`, '', `${code(before.file)} → ${code(after.file)} (workload ${code(after.workload)}): **${summaryText(d)}**.`];
  const table = (changes: readonly PrivilegeChange[]): string[] => ['| | change | category |', '| --- | --- | --- |', ...changes.map((c) => `| ${MARK[c.direction]} ${c.direction} | ${mdMessage(c)} | ${c.category} |`)];
  const growth = d.changes.filter((c) => c.direction === 'growth');
  const rest = d.changes.filter((c) => c.direction !== 'growth');
  if (growth.length > 0) out.push('', 'This change gives the workload more privilege: it needs a security review.', '', ...table(growth));
  if (rest.length > 0) {
    const what = summaryText({ ...d, summary: { ...d.summary, growth: 0 } });
    if (growth.length > 0) out.push('', `<details><summary>${what}</summary>`, '', ...table(rest), '', '</details>');
    else out.push('', ...table(rest));
  }
  return out.join('\n') + '\n';
}

/** For programs: the stable JSON form (docs/review.md). */
export function diffToJson(d: PrivilegeDiff, before: DiffSide, after: DiffSide): Record<string, unknown> {
  return {
    diffVersion: DIFF_JSON_VERSION,
    before,
    after,
    privilegeGrew: d.grew,
    summary: d.summary,
    changes: d.changes.map((c) => ({ category: c.category, direction: c.direction, subject: c.subject, before: c.before, after: c.after, arches: c.arches, message: c.message })),
  };
}
