/** `deny /` or `deny /**` refuses every file, the workload's own program included. */
import { settingEntries } from '../../compiler/ir-query.js';
import { man, type LintRule } from '../rule.js';

const EVERYTHING = new Set(['/', '/*', '/**']);

/** SPL309: a `deny` rule over the whole file system. */
export const denyEverything: LintRule = {
  id: 'SPL309',
  name: 'deny-everything',
  severity: 'error',
  summary: 'A `deny` rule covers the whole file system, so the workload cannot start.',
  rationale: 'AppArmor deny rules win over every allow: `deny /**` refuses the workload\'s binary, its libraries and /dev/null alike, so the container fails at its first exec with a permission error that does not name the rule. It is a mistake, never a hardening.',
  fix: 'Deny the paths the workload must not touch, `deny /etc/shadow, /proc/kcore`, and narrow the rest with `read` and `exec` rules, which allow only what they list.',
  reference: man('apparmor.d', 5, 'deny rules'),
  securitySeverity: 1.0,
  tags: ['security', 'filesystem', 'correctness'],
  run: (ctx) =>
    settingEntries(ctx.ir, 'paths.deny')
      .filter((p) => EVERYTHING.has(p.value))
      .map((p) => ({ message: `\`deny ${p.value}\` refuses every file, so the workload cannot start`, subject: p.value, region: ctx.at(p.origin) })),
};
