/** `selinux disable` turns SELinux confinement off for the workload; it is allowed, and said out loud. */
import { diag } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Warns for `selinux disable`. */
export const selinuxDisabled: Check = {
  name: 'selinux-disabled',
  run: ({ workload: w }) => (w.selinux?.disable ? [diag('W0111', w.selinux.disable.span, {}, { help: 'label the workload instead: `selinux { type container_t }`, and relabel its mounts with `relabel private`' })] : []),
};
