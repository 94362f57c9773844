/** no-new-privileges is on by default; turning it off is flagged. */
import { diag } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Warns for `no-new-privileges off`. */
export const newPrivilegesOff: Check = {
  name: 'new-privileges-off',
  run: ({ workload: w }) => (w.noNewPrivileges && !w.noNewPrivileges.value ? [diag('W0106', w.noNewPrivileges.span, {})] : []),
};
