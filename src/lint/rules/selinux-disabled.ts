/** `selinux disable` becomes Docker's `label=disable`: no SELinux label, so no SELinux confinement. */
import { cis, type LintRule } from '../rule.js';

/** SPL703: `selinux disable`. */
export const selinuxDisabled: LintRule = {
  id: 'SPL703',
  name: 'selinux-disabled',
  severity: 'warning',
  summary: 'SELinux labelling is off (`selinux disable`), so on an SELinux host the workload runs unconfined by SELinux.',
  rationale:
    '`selinux disable` becomes Docker\'s `label=disable`: the container gets no SELinux label, so on a host that enforces SELinux nothing keeps it from files and processes labelled for the host or for other containers. SELinux is often the layer that stops an escape the other layers let through.',
  fix: 'Label the workload instead: `selinux { type container_t }` (the engine\'s default) or a type written for it, and relabel the mounts it uses with `relabel private`.',
  reference: cis('5.2', 'Ensure that, if applicable, SELinux security options are set'),
  securitySeverity: 6.0,
  tags: ['security', 'selinux'],
  replaces: ['W0111'],
  run: (ctx) =>
    ctx.ir.selinux.disabled
      ? [{ message: '`selinux disable` turns labelling off: on an SELinux host the workload runs unconfined by SELinux', subject: 'selinux', region: ctx.setting('selinux.disable') }]
      : [],
};
