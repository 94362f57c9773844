/** Sharing a host namespace removes a layer of isolation: warn for host network, PID, IPC, UTS and cgroup. */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Warns for each host namespace. */
export const hostNamespaces: Check = {
  name: 'host-namespaces',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    if (w.network.mode?.value === 'host') out.push(diag('W0102', w.network.mode.span, { namespace: 'network' }, { help: 'publish the ports the workload needs instead: `publish 127.0.0.1:8080 -> 80`' }));
    for (const ns of ['pid', 'ipc', 'uts', 'cgroup'] as const) {
      const v = w.namespaces[ns];
      if (v?.value === 'host') out.push(diag('W0102', v.span, { namespace: ns === 'pid' ? 'PID' : ns === 'ipc' ? 'IPC' : ns === 'uts' ? 'UTS' : 'cgroup' }));
    }
    return out;
  },
};
