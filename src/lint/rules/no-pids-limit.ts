/** Without a pids limit a fork bomb exhausts the host's process table. */
import { DEFAULTS } from '../../compiler/data/defaults.js';
import { cis, type LintRule } from '../rule.js';

/** SPL402: `pids unlimited`. */
export const noPidsLimit: LintRule = {
  id: 'SPL402',
  name: 'no-pids-limit',
  severity: 'warning',
  summary: 'The workload has no limit on the number of processes.',
  rationale: 'Without a pids limit a fork bomb or a runaway worker pool fills the host\'s process table, and nothing else on the host can start a process.',
  fix: `Remove \`pids unlimited\` (the default is ${DEFAULTS.pids}) or set the workload's real need: \`limits { pids 512 }\`.`,
  reference: cis('5.28', 'Ensure that the PIDs cgroup limit is used'),
  securitySeverity: 5.0,
  tags: ['security', 'limits'],
  replaces: ['W0105'],
  run: (ctx) => (ctx.ir.limits.pids === null ? [{ message: 'the workload has no pids limit', subject: 'pids', region: ctx.setting('limits.pids') }] : []),
};
