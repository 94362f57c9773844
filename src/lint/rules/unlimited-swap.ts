/** Swap beyond the memory limit lets a workload push the host into swapping. */
import { settingEntries } from '../../compiler/ir-query.js';
import { type LintRule } from '../rule.js';

/** SPL404: memory limited but swap unlimited or larger. */
export const unlimitedSwap: LintRule = {
  id: 'SPL404',
  name: 'unlimited-swap',
  severity: 'note',
  summary: 'The workload may use swap beyond its memory limit.',
  rationale: 'Docker counts memory-swap as memory plus swap. Above the memory limit the workload\'s pages go to the host\'s swap, which slows every other process on the host and writes the workload\'s memory, secrets included, to disk.',
  fix: 'Remove `memory-swap` (the default is equal to `memory`: no swap), or keep it equal to `memory`.',
  reference: { title: 'Docker documentation, Resource constraints: --memory-swap', url: 'https://docs.docker.com/engine/containers/resource_constraints/' },
  securitySeverity: 2.0,
  tags: ['security', 'limits'],
  replaces: ['W0105'],
  run: (ctx) => {
    const { memoryBytes: mem, memorySwapBytes: swap } = ctx.ir.limits;
    // Without a memory limit swap is unbounded anyway (SPL401 says so), unless the policy also writes
    // `memory-swap unlimited` (W0105 warned for that line too).
    if (mem === null ? settingEntries(ctx.ir, 'limits.memory-swap', 'unlimited').length === 0 : swap !== null && swap <= mem) return [];
    return [{ message: swap === null ? 'swap is unlimited' : `the workload may swap ${swap - mem!} bytes beyond its memory limit`, subject: 'memory-swap', region: ctx.setting('limits.memory-swap') }];
  },
};
