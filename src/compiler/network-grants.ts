/**
 * The socket kinds a workload may open, from its `protocols` and published ports: what the AppArmor
 * `network` rules allow and what the seccomp filter lets `socket` and `socketpair` create. Shared by
 * the checks and the lowering so both read the same grants. Pure.
 */
import type { WorkloadAst } from './ast.js';
import type { NetworkGrant } from './ir.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The grants of a workload, sorted by family, then type (any type first). */
export function networkGrants(w: WorkloadAst): NetworkGrant[] {
  const protocols = new Set(w.network.protocols.map((p) => p.value));
  for (const p of w.network.publish) protocols.add(p.protocol.value);
  const grants: NetworkGrant[] = [];
  const add = (family: NetworkGrant['family'], type: NetworkGrant['type']): void => {
    if (!grants.some((g) => g.family === family && g.type === type)) grants.push({ family, type });
  };
  for (const p of protocols) {
    if (p === 'tcp') (add('inet', 'stream'), add('inet6', 'stream'));
    else if (p === 'udp') (add('inet', 'dgram'), add('inet6', 'dgram'));
    else if (p === 'raw') (add('inet', 'raw'), add('inet6', 'raw'));
    else if (p === 'unix') add('unix', null);
    else if (p === 'netlink') add('netlink', null);
    else if (p === 'packet') add('packet', null);
  }
  const typeRank = (t: NetworkGrant['type']): string => (t === null ? '' : t);
  return grants.sort((a, b) => cmp(a.family, b.family) || cmp(typeRank(a.type), typeRank(b.type)));
}

/** The protocols a workload declares or publishes on, in a reviewer's words: `protocols tcp, unix`. */
export function protocolsText(w: WorkloadAst): string {
  const protocols = new Set(w.network.protocols.map((p) => p.value));
  for (const p of w.network.publish) protocols.add(p.protocol.value);
  return protocols.size === 0 ? 'no protocols' : `protocols ${[...protocols].sort(cmp).join(', ')}`;
}
