/** A published port without a host address listens on every interface of the host. */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Warns for each port published without a host address. */
export const portsBindAnAddress: Check = {
  name: 'ports-bind-an-address',
  run: ({ workload: w }) =>
    w.network.publish.filter((p) => !p.hostIp).map((p): Diagnostic => diag('W0108', p.span, { port: `${p.containerPort.value}/${p.protocol.value}` }, { help: `name the address: \`publish 127.0.0.1:${p.hostPort?.value ?? p.containerPort.value} -> ${p.containerPort.value}\`` })),
};
