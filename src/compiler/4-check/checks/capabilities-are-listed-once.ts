/** In one file a capability is added once, and never both added and dropped. */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { canonicalCapability } from '../../data/capabilities.js';
import type { Spanned } from '../../source.js';
import type { Check } from '../check.js';

/** No repeated capability, no add and drop of the same one in a file. */
export const capabilitiesAreListedOnce: Check = {
  name: 'capabilities-are-listed-once',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const seen = new Map<string, Spanned<string>>();
    const key = (c: Spanned<string>): string | undefined => {
      const canon = canonicalCapability(c.value);
      return canon ? `${c.span.file.name}|${canon}` : undefined;
    };
    for (const [verb, list] of [['add', w.capabilities.add], ['drop', w.capabilities.drop]] as const)
      for (const c of list) {
        const k = key(c);
        if (!k) continue;
        const prev = seen.get(k);
        const name = `capability \`${canonicalCapability(c.value)!.replace(/^CAP_/, '')}\``;
        if (prev) out.push(diag('E0401', c.span, { what: name }, { labels: [{ span: prev.span, message: 'first listed' }], ...(verb === 'drop' ? { help: 'a capability added and dropped in the same file: remove one' } : {}) }));
        else seen.set(k, c);
      }
    return out;
  },
};
