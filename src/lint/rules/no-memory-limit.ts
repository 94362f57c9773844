/** Without a memory limit one workload can take the host's memory. */
import { DEFAULTS } from '../../compiler/data/defaults.js';
import { cis, type LintRule } from '../rule.js';

/** SPL401: `memory unlimited`. */
export const noMemoryLimit: LintRule = {
  id: 'SPL401',
  name: 'no-memory-limit',
  severity: 'warning',
  summary: 'The workload has no memory limit.',
  rationale: 'Without a memory limit a leak or an attack can take all of the host\'s memory, and the kernel\'s out-of-memory killer then picks among every process on the host.',
  fix: `Remove \`memory unlimited\` (the default is ${DEFAULTS.memory / (1024 * 1024)}MiB) or set the workload's real need: \`limits { memory 1GiB }\`.`,
  reference: cis('5.10', 'Ensure that the memory usage for containers is limited'),
  securitySeverity: 5.0,
  tags: ['security', 'limits'],
  replaces: ['W0105'],
  run: (ctx) => (ctx.ir.limits.memoryBytes === null ? [{ message: 'the workload has no memory limit', subject: 'memory', region: ctx.setting('limits.memory') }] : []),
};
