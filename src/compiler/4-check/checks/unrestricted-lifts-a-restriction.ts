/**
 * `allow NAME unrestricted` lifts secpol's default argument restriction of a call (clone without
 * namespace flags), and is refused where there is nothing to lift (another call, or a rule that
 * writes its own conditions). Lifting it is advised against by SPL508 (namespace-creation-allowed).
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { ARG_RESTRICTIONS } from '../../data/syscall-restrictions.js';
import type { Check } from '../check.js';

/** `unrestricted` names a restricted call, in a rule without conditions. */
export const unrestrictedLiftsARestriction: Check = {
  name: 'unrestricted-lifts-a-restriction',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const r of w.syscalls.rules) {
      if (!r.unrestricted) continue;
      for (const t of r.targets) {
        const restriction = t.value.kind === 'name' ? ARG_RESTRICTIONS.get(t.value.name) : undefined;
        if (restriction && r.conditions.length === 0 && r.verb === 'allow') continue;
        out.push(diag('E0416', t.span, { name: t.value.kind === 'group' ? `@${t.value.name}` : t.value.name }, { help: r.conditions.length > 0 ? 'a rule with its own conditions is not restricted by secpol: remove `unrestricted`' : 'only `allow clone unrestricted` lifts a restriction' }));
      }
    }
    return out;
  },
};
