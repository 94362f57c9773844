/** `@name` refers to one of the documented syscall groups. */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { suggest } from '../../diagnostics/suggest.js';
import { SYSCALL_GROUPS } from '../../data/syscall-groups.js';
import type { Check } from '../check.js';

const NAMES = (SYSCALL_GROUPS as readonly { name: string }[]).map((g) => g.name);

/** Every group exists. */
export const syscallGroupsAreKnown: Check = {
  name: 'syscall-groups-are-known',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const r of w.syscalls.rules)
      for (const t of r.targets)
        if (t.value.kind === 'group' && !NAMES.includes(t.value.name)) {
          const guess = suggest(t.value.name, NAMES);
          out.push(diag('E0304', t.span, { name: t.value.name }, guess ? { suggestion: `@${guess}` } : { help: `groups are ${NAMES.map((n) => '@' + n).join(', ')}` }));
        }
    return out;
  },
};
