/** A host address and port is bound by one mapping, and a container port is published once per protocol and address. */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** No port is published twice. */
export const portsAreUnique: Check = {
  name: 'ports-are-unique',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const host = new Map<string, (typeof w.network.publish)[number]>();
    const cont = new Map<string, (typeof w.network.publish)[number]>();
    for (const p of w.network.publish) {
      const ip = p.hostIp?.value ?? '*';
      const hk = p.hostPort ? `${ip}:${p.hostPort.value}/${p.protocol.value}` : null;
      const ck = `${ip}->${p.containerPort.value}/${p.protocol.value}`;
      const prev = (hk ? host.get(hk) : undefined) ?? cont.get(ck);
      if (prev) {
        const shown = hk && host.get(hk) ? hk : `${p.containerPort.value}/${p.protocol.value}`;
        out.push(diag('E0404', p.span, { port: shown }, { labels: [{ span: prev.span, message: 'first published' }] }));
        continue;
      }
      if (hk) host.set(hk, p);
      cont.set(ck, p);
    }
    return out;
  },
};
