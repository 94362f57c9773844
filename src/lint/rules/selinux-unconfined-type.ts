/** An SELinux type that confines nothing (`spc_t`, `unconfined_t`) is as free as `selinux disable`. */
import { UNCONFINED_SELINUX_TYPES } from '../../compiler/data/selinux-types.js';
import { cis, type LintRule } from '../rule.js';

/** SPL705: `selinux { type spc_t }` or `unconfined_t`. */
export const selinuxUnconfinedType: LintRule = {
  id: 'SPL705',
  name: 'selinux-unconfined-type',
  severity: 'warning',
  summary: 'The workload\'s SELinux type confines nothing (`spc_t`, `unconfined_t`).',
  rationale:
    '`spc_t` is the super-privileged container type Docker and container-selinux give privileged and `label=disable` containers, and `unconfined_t` is the unconfined domain: a workload of either type is as free on an SELinux host as with `selinux disable`, while the policy reads as if it were labelled.',
  fix: 'Use `container_t` (the engine\'s default: leave `type` out) or a type written for the workload, and relabel the mounts it uses with `relabel private`.',
  reference: cis('5.2', 'Ensure that, if applicable, SELinux security options are set'),
  securitySeverity: 6.0,
  tags: ['security', 'selinux'],
  replaces: ['W0113'],
  run: (ctx) => {
    const type = ctx.ir.selinux.type;
    if (type === null || !UNCONFINED_SELINUX_TYPES.has(type)) return [];
    return [{ message: `the SELinux type \`${type}\` confines nothing: on an SELinux host the workload runs unconfined by SELinux`, subject: type, region: ctx.setting('selinux.type') }];
  },
};
