/** Memory, swap and pids limits are on by default; `unlimited` removes them, with a warning. */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Warns for `memory unlimited`, `memory-swap unlimited` (swap without bound dodges the memory limit) and `pids unlimited`. */
export const limitsAreSet: Check = {
  name: 'limits-are-set',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    if (w.limits.memory && w.limits.memory.value === null) out.push(diag('W0105', w.limits.memory.span, { limit: 'memory' }, { help: 'set a limit such as `memory 512MiB`' }));
    if (w.limits.memorySwap && w.limits.memorySwap.value === null)
      out.push(diag('W0105', w.limits.memorySwap.span, { limit: 'swap' }, { help: 'leave `memory-swap` out (no swap beyond the memory limit), or set a bound such as `memory-swap 1GiB`' }));
    if (w.limits.pids && w.limits.pids.value === null) out.push(diag('W0105', w.limits.pids.span, { limit: 'pids' }, { help: 'set a limit such as `pids 256`' }));
    return out;
  },
};
