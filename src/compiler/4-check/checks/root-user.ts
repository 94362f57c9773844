/** Running as root is possible, deliberately (`user root`), and flagged. */
import { diag } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Warns when the workload runs as uid 0. */
export const rootUser: Check = {
  name: 'root-user',
  run: ({ workload: w }) => (w.user?.value.root ? [diag('W0103', w.user.span, {}, { help: 'prefer a numeric non-root user such as `user 65534:65534`' })] : []),
};
