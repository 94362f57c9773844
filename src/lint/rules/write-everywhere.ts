/** `write /` or `write /**` lets the workload write every path: a writable root by another name. */
import { settingEntries } from '../../compiler/ir-query.js';
import { cis, type LintRule } from '../rule.js';

const EVERYWHERE = new Set(['/', '/*', '/**']);

/** SPL307: a `write` rule over the whole file system. */
export const writeEverywhere: LintRule = {
  id: 'SPL307',
  name: 'write-everywhere',
  severity: 'warning',
  summary: 'A `write` rule covers the whole file system.',
  rationale: 'With `write /**` the AppArmor profile lets the workload write every path it can reach: on a writable mount that is every file, and the read-only root stops only what the mount table stops, so an intruder can still change whatever the workload\'s mounts and tmpfs hold.',
  fix: 'Name the directories the workload writes, `write /var/cache/app/**, /run/app/**`, each backed by a tmpfs or a volume.',
  reference: cis('5.12', 'Ensure that the container\'s root filesystem is mounted as read only'),
  securitySeverity: 5.0,
  tags: ['security', 'filesystem'],
  run: (ctx) =>
    settingEntries(ctx.ir, 'paths.write')
      .filter((p) => EVERYWHERE.has(p.value))
      .map((p) => ({ message: `\`write ${p.value}\` lets the workload write every path`, subject: p.value, region: ctx.at(p.origin) })),
};
