/** /proc and the cgroup tree are the kernel's own interfaces; a tmpfs over them is a writable fake. */
import { settingEntries } from '../../compiler/ir-query.js';
import { man, type LintRule } from '../rule.js';

const INTERFACES: Readonly<Record<string, string>> = { '/proc': 'procfs', '/sys': 'sysfs', '/sys/fs/cgroup': 'the cgroup file system' };

/** SPL308: a tmpfs mounted over /proc, /sys or /sys/fs/cgroup. */
export const tmpfsOverKernelInterface: LintRule = {
  id: 'SPL308',
  name: 'tmpfs-over-kernel-interface',
  severity: 'warning',
  summary: 'A tmpfs is mounted over /proc, /sys or /sys/fs/cgroup.',
  rationale: 'The tmpfs hides the kernel\'s interface behind an empty directory the workload can fill: programs that read their limits, mounts or process state there read what was written instead, and the runtime\'s masked and read-only paths under it no longer mean what they say.',
  fix: 'Remove the tmpfs; to hide part of /proc or /sys, mask that one path (a read-only tmpfs over a subdirectory, as the engines do), never the whole tree.',
  reference: man('proc', 5),
  securitySeverity: 5.0,
  tags: ['security', 'filesystem'],
  run: (ctx) =>
    settingEntries(ctx.ir, 'tmpfs.target')
      .filter(({ value: target }) => INTERFACES[target] !== undefined)
      .map(({ value: target, origin }) => ({ message: `a tmpfs over \`${target}\` replaces ${INTERFACES[target]} with a writable directory`, subject: target, region: ctx.at(origin) })),
};
