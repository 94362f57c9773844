/** A writable root lets an attacker replace the workload's binaries and configuration. */
import { cis, type LintRule } from '../rule.js';

/** SPL304: `root writable`. */
export const writableRoot: LintRule = {
  id: 'SPL304',
  name: 'writable-root',
  severity: 'warning',
  summary: 'The root file system is writable.',
  rationale: 'With a writable root an intruder can change the workload\'s binaries, libraries and configuration, and drop tools that survive a restart of the process.',
  fix: 'Remove `root writable` (read-only is the default) and declare the few writable paths: `tmpfs /tmp`, `volume data -> /var/lib/app`.',
  reference: cis('5.12', 'Ensure that the container\'s root filesystem is mounted as read only'),
  securitySeverity: 5.0,
  tags: ['security', 'filesystem'],
  replaces: ['W0107'],
  run: (ctx) => (ctx.ir.filesystem.rootReadonly ? [] : [{ message: 'the root file system is writable', subject: '/', region: ctx.setting('filesystem.root') }]),
};
