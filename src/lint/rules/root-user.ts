/** uid 0 in the container is uid 0 on the host unless a user namespace remaps it. */
import { cis, type LintRule } from '../rule.js';

/** SPL102: the workload runs as root. */
export const rootUser: LintRule = {
  id: 'SPL102',
  name: 'root-user',
  severity: 'warning',
  summary: 'The workload runs as root (uid 0).',
  rationale: 'A process that runs as uid 0 in the container is root on the host when it escapes, owns every root-owned file a mount exposes, and keeps the capabilities it is granted across execve.',
  fix: 'Run as a numeric non-root user, `user 10001:10001`; when the program needs root only to start (binding a low port), let it drop to its own user and suppress with that reason.',
  reference: cis('4.1', 'Ensure that a user for the container has been created'),
  securitySeverity: 5.5,
  tags: ['security', 'user'],
  replaces: ['W0103'],
  run: (ctx) => (ctx.ir.user.uid === 0 ? [{ message: 'the workload runs as root (uid 0)', subject: 'root', region: ctx.setting('user') }] : []),
};
