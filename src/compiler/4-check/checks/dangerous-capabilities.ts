/** Capabilities that come close to root on the host are legal but called out in review. */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { canonicalCapability } from '../../data/capabilities.js';
import { DANGEROUS_CAPABILITIES } from '../../data/dangerous-capabilities.js';
import type { Check } from '../check.js';

/** Warns once per dangerous capability granted. */
export const dangerousCapabilities: Check = {
  name: 'dangerous-capabilities',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const c of w.capabilities.add) {
      const canon = canonicalCapability(c.value);
      const why = canon ? DANGEROUS_CAPABILITIES[canon] : undefined;
      if (canon && why) out.push(diag('W0101', c.span, { capability: canon.replace(/^CAP_/, ''), why }, { help: 'keep it only with a reason in review; a narrower capability may do' }));
    }
    return out;
  },
};
