/**
 * In one file a syscall is named once per verb and never both allowed and denied without a condition
 * (a deny with a condition beside an allow is an exception to it); each rule compares
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
    // Per file and name, the first rule of each kind: an unconditional deny conflicts with any allow;
    // a conditional deny beside an allow is an exception to it ("allowed, except when …").
    const seen = new Map<string, { verb: 'allow' | 'deny'; span: Span; conditional: boolean }[]>();
    for (const r of w.syscalls.rules) {
      const indexes = new Set<number>();
      for (const c of r.conditions) {
        if (indexes.has(c.index)) out.push(diag('E0406', c.span, { index: c.index }, { help: 'to allow several values write `argN in [A, B]`' }));
        indexes.add(c.index);
      }
      for (const t of r.targets) {
        if (t.value.kind !== 'name') continue;
        const key = `${t.span.file.name}|${t.value.name}`;
        const conditional = r.conditions.length > 0;
        const prevs = seen.get(key) ?? [];
        const clash = prevs.find((p) => p.verb !== r.verb && !(r.verb === 'deny' ? conditional : p.conditional));
        const twice = prevs.find((p) => p.verb === r.verb && !(conditional && p.conditional));
        if (clash) out.push(diag('E0402', t.span, { name: t.value.name }, { labels: [{ span: clash.span, message: `${clash.verb === 'allow' ? 'allowed' : 'denied'} here` }], help: 'to make an exception to an allow, give the deny a condition: `deny NAME if …`' }));
        else if (twice) out.push(diag('E0401', t.span, { what: `syscall \`${t.value.name}\`` }, { labels: [{ span: twice.span, message: 'first listed' }] }));
        if (!clash && !twice) seen.set(key, [...prevs, { verb: r.verb, span: t.span, conditional }]);
      }
    }
    return out;
  },
};
