/**
 * Granted capabilities go to the bounding, permitted and effective sets but not the ambient set (as
 * Docker and runc do), so a process that runs as a non-root uid loses them at execve (capabilities(7),
 * "Transformation of capabilities during execve()") unless its binary carries file capabilities.
 */
import { capabilityGrants, settingOrigin } from '../../compiler/ir-query.js';
import { man, type LintRule } from '../rule.js';

/** SPL105: capabilities granted to a workload that runs as a non-root user. */
export const capabilityNotEffective: LintRule = {
  id: 'SPL105',
  name: 'capability-not-effective',
  severity: 'warning',
  summary: 'A capability is granted to a non-root user, which keeps it only through file capabilities.',
  rationale:
    'Docker and runc put granted capabilities in the bounding, permitted and effective sets but not in the ambient set, so a process that runs as a non-root uid loses them at execve unless its binary carries the file capability (setcap). The grant then only widens what a setcap binary in the image may do, and the workload itself does not get what the policy seems to give it.',
  fix: 'Run as `user root` with only these capabilities, or give the binary the file capability (`setcap cap_net_bind_service+ep /app/server`) and suppress the finding with that reason.',
  reference: man('capabilities', 7, 'transformation of capabilities during execve()'),
  securitySeverity: 2.0,
  tags: ['security', 'capabilities', 'correctness'],
  replaces: ['W0109'],
  run: (ctx) => {
    if (ctx.ir.user.uid === 0) return [];
    // At the `user` line that makes the workload non-root; without one (the default user), at the first `add` of each capability.
    const user = settingOrigin(ctx.ir, 'user');
    return ctx.ir.capabilities.map((c) => ({
      message: `\`${c.replace(/^CAP_/, '')}\` granted to a non-root user only takes effect through file capabilities`,
      subject: c,
      region: ctx.at(user ?? capabilityGrants(ctx.ir, c)[0]),
    }));
  },
};
