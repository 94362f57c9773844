/** A filter whose default lets everything through is a deny-list: every syscall no rule names passes. */
import { cis, type LintRule } from '../rule.js';

/** SPL501: `default allow` or `default log`. */
export const seccompDefaultAllow: LintRule = {
  id: 'SPL501',
  name: 'seccomp-default-allow',
  severity: 'error',
  summary: 'The seccomp filter allows every syscall it does not name.',
  rationale: 'With `default allow` (or `log`) the filter is a deny-list: every syscall the kernel gains, and every one the policy forgot, is allowed. Docker\'s own default profile and secpol\'s default are allow-lists.',
  fix: 'Remove the `default` line (`errno EPERM` is the default) and allow the groups the workload needs; `extends preset docker-default` is a close start for teams migrating.',
  reference: cis('5.21', 'Ensure the default seccomp profile is not Disabled'),
  securitySeverity: 8.5,
  tags: ['security', 'seccomp'],
  run: (ctx) => (ctx.defaultAllows ? [{ message: `the seccomp filter's default action is \`${ctx.ir.seccomp.defaultAction.kind}\`: every syscall no rule names is allowed`, subject: 'default', region: ctx.setting('syscalls.default') }] : []),
};
