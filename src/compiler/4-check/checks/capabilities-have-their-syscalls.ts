/**
 * A capability that exists to permit particular syscalls is pointless when the filter blocks all of
 * them: either the grant is not needed, or the syscall was forgotten. The syscalls a capability is
 * for are data/capability-syscalls.ts's; broad ones such as SYS_ADMIN, DAC_OVERRIDE or NET_ADMIN are
 * for none and not judged.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { canonicalCapability } from '../../data/capabilities.js';
import { syscallsFor } from '../../data/capability-syscalls.js';
import { syscallExists } from '../../data/syscall-table.js';
import { isAllowed, resolveSyscalls } from '../../syscall-rules.js';
import type { Check } from '../check.js';

/** Reports a granted capability whose syscalls the filter denies, on every target architecture. */
export const capabilitiesHaveTheirSyscalls: Check = {
  name: 'capabilities-have-their-syscalls',
  run: ({ workload: w, arches }) => {
    const out: Diagnostic[] = [];
    if (w.capabilities.add.length === 0) return out;
    const grants = resolveSyscalls(w, arches);
    const defaultAllows = w.syscalls.defaultAction?.value.kind === 'allow' || w.syscalls.defaultAction?.value.kind === 'log';
    for (const c of w.capabilities.add) {
      const canon = canonicalCapability(c.value);
      const needs = canon ? syscallsFor(canon).filter((s) => arches.some((a) => syscallExists(s, a))) : undefined;
      if (!canon || !needs || needs.length === 0) continue;
      if (needs.some((s) => isAllowed(grants, s, defaultAllows))) continue;
      const shown = needs.length === 1 ? `\`${needs[0]}\`` : `all of ${needs.map((s) => `\`${s}\``).join(', ')}`;
      out.push(diag('E0403', c.span, { capability: canon.replace(/^CAP_/, ''), syscalls: shown }, { help: `allow ${needs.length === 1 ? `\`${needs[0]}\`` : 'the syscall the workload uses'} in \`syscalls { … }\`, or remove the capability` }));
    }
    return out;
  },
};
