/** 32-bit ABIs double the syscall surface and have their own, less exercised, entry code. */
import { settingOrigin } from '../../compiler/ir-query.js';
import { COMPANION_OF } from '../../compiler/data/arches.js';
import { man, type LintRule } from '../rule.js';

/** SPL510: a 32-bit companion architecture is enabled. */
export const compatArchitectures: LintRule = {
  id: 'SPL510',
  name: 'compat-architectures',
  severity: 'note',
  summary: 'The filter lets 32-bit programs make syscalls.',
  rationale: 'Each 32-bit ABI (x86, x32, arm) is a second syscall table with its own compatibility code in the kernel, historically a source of bugs. Without it, a 32-bit program fails at its first syscall.',
  fix: 'Remove the 32-bit companion from `arch` unless the image runs 32-bit programs.',
  reference: man('seccomp', 2, 'architecture checks'),
  securitySeverity: 2.0,
  tags: ['security', 'seccomp'],
  run: (ctx) =>
    ctx.ir.seccomp.architectures
      .filter((a) => COMPANION_OF[a] !== undefined)
      .map((a) => ({ message: `the filter allows ${a} (32-bit) syscalls`, subject: a, region: ctx.at(settingOrigin(ctx.ir, 'arch.name', a) ?? settingOrigin(ctx.ir, 'arch')) })),
};
