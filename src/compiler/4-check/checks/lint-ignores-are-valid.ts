/**
 * `lint { ignore RULE [SUBJECT] "REASON" }` names a rule that exists, gives a reason a reviewer can
 * read, and says each suppression once per file. A suppression without a reason would hide a finding
 * with nothing to judge it by, so the reason is required, not merely encouraged.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { editDistance, suggest } from '../../diagnostics/suggest.js';
import { FORMER_WARNINGS, LINT_RULE_IDS, lintRuleId } from '../../lint-rule-ids.js';
import type { Span } from '../../source.js';
import type { Check } from '../check.js';

/** Every suppression names a known rule, has a reason, and appears once in its file. */
export const lintIgnoresAreValid: Check = {
  name: 'lint-ignores-are-valid',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const seen = new Map<string, Span>();
    for (const ig of w.lint.ignores) {
      const id = lintRuleId(ig.rule.value);
      const former = FORMER_WARNINGS[ig.rule.value.toUpperCase()];
      if (!id && former) {
        const names = former.map((r) => `${r} (${LINT_RULE_IDS[r]})`);
        out.push(diag('E0309', ig.rule.span, { name: ig.rule.value }, { help: `${ig.rule.value.toUpperCase()} was a compiler warning; it is now ${names.join(', ')}: \`ignore ${former[0]}\``, ...(former.length === 1 ? { suggestion: former[0]! } : {}) }));
      } else if (!id) {
        const ids = Object.keys(LINT_RULE_IDS);
        // Ids differ from one another in a digit or two, so an id is only guessed one edit away.
        const looksLikeId = /^spl/i.test(ig.rule.value);
        const candidates = looksLikeId ? ids.filter((i) => editDistance(i, ig.rule.value.toUpperCase()) <= 1) : ids.map((i) => LINT_RULE_IDS[i]!);
        const guess = suggest(ig.rule.value, candidates);
        out.push(diag('E0309', ig.rule.span, { name: ig.rule.value }, guess ? { suggestion: guess } : { help: 'rule ids look like SPL101; `docs/lint.md` lists them' }));
      }
      if (ig.reason === null) out.push(diag('E0211', ig.rule.span, { rule: ig.rule.value }, { help: `say why in quotes: \`ignore ${ig.rule.value}${ig.subject ? ` ${ig.subject.value}` : ''} "REASON"\`` }));
      else if (ig.reason.value.trim() === '') out.push(diag('E0211', ig.reason.span, { rule: ig.rule.value }, { label: 'empty reason', help: 'write the reason a reviewer should read' }));
      if (!id) continue;
      const key = `${ig.span.file.name}|${id}|${(ig.subject?.value ?? '').toUpperCase()}`;
      const prev = seen.get(key);
      if (prev) out.push(diag('E0401', ig.rule.span, { what: `suppression \`ignore ${ig.rule.value}${ig.subject ? ` ${ig.subject.value}` : ''}\`` }, { labels: [{ span: prev, message: 'first listed' }] }));
      else seen.set(key, ig.rule.span);
    }
    return out;
  },
};
