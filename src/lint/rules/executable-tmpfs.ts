/** A writable and executable tmpfs is where a dropped binary runs. */
import { man, type LintRule } from '../rule.js';

/** SPL306: `tmpfs PATH exec`. */
export const executableTmpfs: LintRule = {
  id: 'SPL306',
  name: 'executable-tmpfs',
  severity: 'note',
  summary: 'A writable tmpfs allows execution.',
  rationale: 'A tmpfs is `noexec` by default so that nothing the workload writes can be run. A writable, executable tmpfs is the usual place an intruder downloads a tool to and runs it.',
  fix: 'Remove `exec` from the `tmpfs` line, or make it `readonly`; a JIT that needs executable memory needs `mprotect`, not an executable mount.',
  reference: man('mount', 8, 'noexec'),
  securitySeverity: 3.0,
  tags: ['security', 'filesystem'],
  run: (ctx) =>
    ctx.ir.filesystem.tmpfs
      .filter((t) => !t.options.includes('noexec') && !t.options.includes('ro'))
      .map((t) => ({ message: `tmpfs \`${t.target}\` is writable and executable`, subject: t.target, region: ctx.at(t.origin) })),
};
