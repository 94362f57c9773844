/**
 * A published port needs a network with a way out. Docker publishes ports through the host's
 * gateway of a network; an internal network has none (`docker network create --internal`), so a
 * container whose every network is internal gets its `-p` mappings silently dropped. The policy
 * would then say the port is reachable when it is not.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** A workload that publishes ports joins at least one network that is not internal. */
export const portsReachANetwork: Check = {
  name: 'ports-reach-a-network',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const joins = w.network.joins;
    if (joins.length === 0 || joins.some((j) => j.internal === null)) return out;
    for (const p of w.network.publish) {
      const port = `${p.containerPort.value}/${p.protocol.value}`;
      out.push(
        diag('E0498', p.span, { port }, { labels: [{ span: joins[0]!.internal!.span, message: 'internal network' }], help: 'join a network that is not internal too (`join frontend`), or remove the `publish`' }),
      );
    }
    return out;
  },
};
