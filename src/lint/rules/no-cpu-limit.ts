/**
 * Without a CPU quota or shares one workload can starve the others. The language always sets a quota
 * today (1.0 CPU by default, and no `cpus unlimited`), so this guards the IR against a future way out.
 */
import { cis, type LintRule } from '../rule.js';

/** SPL403: neither a CPU quota nor CPU shares. */
export const noCpuLimit: LintRule = {
  id: 'SPL403',
  name: 'no-cpu-limit',
  severity: 'warning',
  summary: 'The workload has neither a CPU quota nor CPU shares.',
  rationale: 'Without a CPU quota or a share weight a busy or hostile workload competes for every CPU of the host on equal terms with everything else.',
  fix: 'Set `limits { cpus 1.5 }` (a quota) or `cpu-shares 512` (a weight).',
  reference: cis('5.11', 'Ensure that CPU priority is set appropriately on containers'),
  securitySeverity: 4.0,
  tags: ['security', 'limits'],
  run: (ctx) => (ctx.ir.limits.milliCpus === null && ctx.ir.limits.cpuShares === null ? [{ message: 'the workload has no CPU limit', subject: 'cpus', region: ctx.setting('limits.cpus') }] : []),
};
