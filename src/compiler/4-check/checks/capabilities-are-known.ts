/**
 * Capability names are the Linux capabilities (capabilities(7)), with or without `CAP_`, any case.
 * A syscall name written as a capability is named as such.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { suggest } from '../../diagnostics/suggest.js';
import { CAPABILITIES, canonicalCapability } from '../../data/capabilities.js';
import { ALL_SYSCALL_NAMES } from '../../data/syscall-table.js';
import type { Check } from '../check.js';

const SHORT = CAPABILITIES.map((c) => c.name.replace(/^CAP_/, ''));

/** Every added or dropped capability is a known one. */
export const capabilitiesAreKnown: Check = {
  name: 'capabilities-are-known',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const c of [...w.capabilities.add, ...w.capabilities.drop]) {
      if (canonicalCapability(c.value)) continue;
      if (c.value.toUpperCase() === 'ALL') {
        out.push(diag('E0301', c.span, { name: c.value }, { help: 'every capability is dropped unless added: there is no need for `ALL`' }));
        continue;
      }
      if (ALL_SYSCALL_NAMES.includes(c.value.toLowerCase())) {
        out.push(diag('E0301', c.span, { name: c.value }, { help: `\`${c.value.toLowerCase()}\` is a syscall, not a capability: allow it in the \`syscalls { … }\` block` }));
        continue;
      }
      const guess = suggest(c.value, SHORT);
      out.push(diag('E0301', c.span, { name: c.value }, guess ? { suggestion: guess } : { help: 'see capabilities(7) for the list' }));
    }
    return out;
  },
};
