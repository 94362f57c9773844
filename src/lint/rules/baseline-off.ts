/** With `baseline off`, the filter alone must let the runtime and the program loader start the workload. */
import { RUNTIME_BASELINE_NNP, RUNTIME_BASELINE_NO_NNP } from '../../compiler/data/syscall-groups.js';
import { syscallExists } from '../../compiler/data/syscall-table.js';
import { man, type LintRule } from '../rule.js';

/** SPL511: `baseline off` while the filter refuses calls of the runtime baseline. */
export const baselineOff: LintRule = {
  id: 'SPL511',
  name: 'baseline-off',
  severity: 'warning',
  summary: '`baseline off`, and the filter refuses calls the runtime and the program loader make to start a workload.',
  rationale: 'The filter is installed before the workload\'s program is executed, so `execve` and the loader\'s first calls (mmap, brk, openat of the libraries…) go through it. The baseline lets them through; without it, each one the policy does not allow can stop the container before the program runs, with an error that names no rule. Some baseline calls are alternatives (open or openat, musl or glibc), so not every one listed is needed by every image.',
  fix: 'Remove `baseline off`, or allow what the workload\'s start needs (at least `execve`, `brk`, `mmap`, `mprotect`, `openat`, `read`, `close`, `exit_group`) and test the container on a real engine.',
  reference: man('seccomp', 2, 'filters and execve'),
  securitySeverity: 1.0,
  tags: ['security', 'syscalls', 'correctness'],
  run: (ctx) => {
    if (ctx.ir.provenance.settings.every((s) => s.key !== 'syscalls.baseline' || s.value !== 'off') || ctx.defaultAllows) return [];
    const baseline = ctx.ir.noNewPrivileges ? RUNTIME_BASELINE_NNP : RUNTIME_BASELINE_NO_NNP;
    const refused = baseline.filter((n) => ctx.ir.seccomp.architectures.some((a) => syscallExists(n, a)) && ctx.allowing(n).length === 0);
    if (refused.length === 0) return [];
    const first = refused.includes('execve') ? ['execve', ...refused.filter((n) => n !== 'execve')] : refused;
    const shown = first.slice(0, 6).join(', ') + (first.length > 6 ? ` and ${first.length - 6} more` : '');
    return [{ message: `\`baseline off\`, and the filter refuses ${refused.length} of the calls that start a workload: ${shown}`, subject: 'baseline', region: ctx.setting('syscalls.baseline') }];
  },
};
