/**
 * SELinux confinement off: `selinux disable`, or a type that confines nothing (`spc_t`, Docker's
 * super-privileged container type, and `unconfined_t`). Allowed, and said out loud.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';
import { UNCONFINED_SELINUX_TYPES } from '../../data/selinux-types.js';

const LABEL_HELP = 'label the workload instead: `selinux { type container_t }`, and relabel its mounts with `relabel private`';

/** Warns for `selinux disable` (W0111) and for an unconfined type (W0113). */
export const selinuxDisabled: Check = {
  name: 'selinux-disabled',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    if (w.selinux?.disable) out.push(diag('W0111', w.selinux.disable.span, {}, { help: LABEL_HELP }));
    const type = w.selinux?.type;
    if (type && UNCONFINED_SELINUX_TYPES.has(type.value)) out.push(diag('W0113', type.span, { type: type.value }, { help: LABEL_HELP }));
    return out;
  },
};
