/**
 * Granted capabilities go to the bounding, permitted and effective sets but not the ambient set
 * (as Docker does), so a non-root process loses them at execve (capabilities(7), "Transformation of
 * capabilities during execve()") unless its binary has file capabilities.
 */
import { diag } from '../../diagnostics/diagnostic.js';
import { canonicalCapability } from '../../data/capabilities.js';
import type { Check } from '../check.js';

/** Warns when capabilities are granted to a workload that runs as a non-root user. */
export const capabilitiesReachTheUser: Check = {
  name: 'capabilities-reach-the-user',
  run: ({ workload: w }) => {
    if (w.user?.value.root || w.capabilities.add.length === 0) return [];
    const names = [...new Set(w.capabilities.add.map((c) => canonicalCapability(c.value)).filter((c): c is string => c !== undefined))].map((c) => `\`${c.replace(/^CAP_/, '')}\``);
    if (names.length === 0) return [];
    const at = w.user?.span ?? w.capabilities.add[0]!.span;
    return [diag('W0109', at, { capabilities: names.join(', ') }, { help: 'run as `user root` with only these capabilities, or give the binary the file capability (setcap)' })];
  },
};
