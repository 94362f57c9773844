/** Ulimit names are the setrlimit(2) resources Docker knows, each set once per file. */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { suggest } from '../../diagnostics/suggest.js';
import { ULIMIT_NAMES } from '../../data/ulimits.js';
import type { Check } from '../check.js';

/** Every ulimit is a known resource. */
export const ulimitsAreKnown: Check = {
  name: 'ulimits-are-known',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const seen = new Set<string>();
    for (const u of w.limits.ulimits) {
      const key = `${u.name.span.file.name}|${u.name.value}`;
      if (seen.has(key)) out.push(diag('E0401', u.name.span, { what: `ulimit \`${u.name.value}\`` }));
      seen.add(key);
    }
    for (const u of w.limits.ulimits)
      if (!(ULIMIT_NAMES as readonly string[]).includes(u.name.value)) {
        const guess = suggest(u.name.value, ULIMIT_NAMES);
        out.push(diag('E0602', u.name.span, { name: u.name.value }, guess ? { suggestion: guess } : { help: `ulimits are ${ULIMIT_NAMES.join(', ')}` }));
      }
    return out;
  },
};
