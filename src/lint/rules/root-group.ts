/** Group 0 owns much of a system that uid 0 does not need to own: files, sockets and devices. */
import { man, type LintRule } from '../rule.js';

/** SPL104: the workload's group, or one of its supplementary groups, is 0. */
export const rootGroup: LintRule = {
  id: 'SPL104',
  name: 'root-group',
  severity: 'warning',
  summary: 'The workload runs in group 0 (root), as its primary or a supplementary group.',
  rationale: 'Without a user namespace, gid 0 in the container is gid 0 on the host: every root-group file, socket or device a mount or an escape exposes is the workload\'s to read, and often to write, even when its uid is not 0.',
  fix: 'Give the workload a group of its own, `user 10001:10001`, and remove `0` from `groups`; grant access to a shared file through a dedicated group instead.',
  reference: man('credentials', 7, 'groups and the root group'),
  securitySeverity: 4.0,
  tags: ['security', 'user'],
  run: (ctx) => {
    if (ctx.ir.user.uid === 0) return []; // root-user (SPL102) already says it
    const out = [];
    if (ctx.ir.user.gid === 0) out.push({ message: 'the workload\'s primary group is 0 (root)', subject: 'gid 0', region: ctx.setting('user') });
        if (ctx.ir.user.additionalGids.includes(0)) out.push({ message: 'the workload has group 0 (root) as a supplementary group', subject: 'groups 0', region: ctx.setting('groups', '0') });
    return out;
  },
};
