/** Setting a hostname needs a private UTS namespace: Docker (`--hostname` with `--uts host`) and runc both refuse it. */
import { diag } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** No `hostname` together with `uts host`. */
export const hostnameNeedsPrivateUts: Check = {
  name: 'hostname-needs-private-uts',
  run: ({ workload: w }) =>
    w.hostname && w.namespaces.uts?.value === 'host' ? [diag('E0407', w.hostname.span, {}, { labels: [{ span: w.namespaces.uts.span, message: 'the host UTS namespace is chosen here' }] })] : [],
};
