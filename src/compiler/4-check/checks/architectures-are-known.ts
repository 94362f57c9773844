/** `arch` names only architectures secpol has syscall tables for. */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { suggest } from '../../diagnostics/suggest.js';
import { KNOWN_ARCHES } from '../../data/arches.js';
import type { Check } from '../check.js';

const ALIASES: Readonly<Record<string, string>> = { amd64: 'x86_64', arm64: 'aarch64', i386: 'x86', i686: 'x86', armhf: 'arm' };

/** Every architecture in `arch` is known; repeated ones are reported. */
export const architecturesAreKnown: Check = {
  name: 'architectures-are-known',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const seen = new Set<string>();
    for (const a of w.arch?.value ?? []) {
      if (!(KNOWN_ARCHES as readonly string[]).includes(a.value)) {
        const alias = ALIASES[a.value.toLowerCase()];
        const guess = alias ?? suggest(a.value, KNOWN_ARCHES);
        out.push(diag('E0307', a.span, { name: a.value }, guess ? { suggestion: guess } : { help: `architectures are ${KNOWN_ARCHES.join(', ')}` }));
      } else if (seen.has(a.value)) out.push(diag('E0401', a.span, { what: `architecture \`${a.value}\`` }));
      seen.add(a.value);
    }
    return out;
  },
};
