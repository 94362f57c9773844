/**
 * In one file a syscall is named once per verb and never both allowed and denied; each rule compares
 * an argument at most once (seccomp cannot AND two comparisons of one argument: runc splits them into
 * rules that OR).
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../source.js';
import type { Check } from '../check.js';

/** No syscall is both allowed and denied, or listed twice, in the same file; no repeated argument index. */
export const syscallRulesDoNotConflict: Check = {
  name: 'syscall-rules-do-not-conflict',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const seen = new Map<string, { verb: 'allow' | 'deny'; span: Span; conditional: boolean }>();
    for (const r of w.syscalls.rules) {
      const indexes = new Set<number>();
      for (const c of r.conditions) {
        if (indexes.has(c.index)) out.push(diag('E0406', c.span, { index: c.index }, { help: 'to allow several values write `argN in [A, B]`' }));
        indexes.add(c.index);
      }
      for (const t of r.targets) {
        if (t.value.kind !== 'name') continue;
        const key = `${t.span.file.name}|${t.value.name}`;
        const prev = seen.get(key);
        const conditional = r.conditions.length > 0;
        if (prev && prev.verb !== r.verb) out.push(diag('E0402', t.span, { name: t.value.name }, { labels: [{ span: prev.span, message: `${prev.verb === 'allow' ? 'allowed' : 'denied'} here` }] }));
        else if (prev && !(conditional && prev.conditional)) out.push(diag('E0401', t.span, { what: `syscall \`${t.value.name}\`` }, { labels: [{ span: prev.span, message: 'first listed' }] }));
        if (!prev) seen.set(key, { verb: r.verb, span: t.span, conditional });
      }
    }
    return out;
  },
};
