/**
 * The OOM killer's choice is the kernel's. `oom-kill-disable` (cgroup v1 memory.oom_control) makes
 * the workload immune: at its limit its tasks stall instead of dying, and without a limit the host
 * runs out of memory. A negative `oom-score-adj` (/proc/PID/oom_score_adj) makes the kernel kill
 * other processes, host services included, before this one. Docker and Compose offer both knobs
 * (`--oom-kill-disable`, `--oom-score-adj`); secpol refuses them.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { RefusedLimit } from '../../data/refused-limits.js';
import type { Check } from '../check.js';

/** Why each refused knob is refused, for the help line. */
const WHY: Readonly<Record<RefusedLimit, string>> = {
  'oom-kill-disable': 'a container the OOM killer may not touch stalls at its memory limit, and without one takes the host down with it',
  'oom-score-adj': 'a negative score makes the kernel kill other processes, host services included, before this one',
};

/** Refuses the OOM knobs in `limits`, however they are spelled. */
export const oomIsLeftToTheKernel: Check = {
  name: 'oom-is-left-to-the-kernel',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const r of w.limits.refused) {
      const misspelt = r.name.value !== r.knob;
      out.push(
        diag('E0603', r.name.span, { name: r.name.value }, {
          label: misspelt ? `read as \`${r.knob}\`` : 'secpol leaves the OOM killer\'s choice to the kernel',
          help: `${misspelt ? `did you mean \`${r.knob}\`? Either way, remove it` : 'remove it'}: ${WHY[r.knob]}; keep the workload within its \`memory\` limit, where the kernel kills only inside its cgroup`,
        }),
      );
    }
    return out;
  },
};
