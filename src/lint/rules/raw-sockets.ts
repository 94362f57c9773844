/** Raw and packet sockets let a workload forge packets and sniff its network. */
import { settingEntries } from '../../compiler/ir-query.js';
import { man, type LintRule } from '../rule.js';

/** SPL601: raw or packet sockets granted, with NET_RAW to open them. */
export const rawSockets: LintRule = {
  id: 'SPL601',
  name: 'raw-sockets',
  severity: 'warning',
  summary: 'The workload may open raw or packet sockets.',
  rationale: 'With raw IP or packet sockets and CAP_NET_RAW a workload can forge any packet (spoofed addresses, ARP and IPv6 router advertisements to its neighbours) and read all traffic on its interface.',
  fix: 'Remove `raw`/`packet` from `protocols` and NET_RAW from `capabilities`; `ping` needs neither on kernels with ICMP datagram sockets (net.ipv4.ping_group_range).',
  reference: man('raw', 7),
  securitySeverity: 5.0,
  tags: ['security', 'network'],
  run: (ctx) => {
    if (!ctx.ir.capabilities.includes('CAP_NET_RAW')) return [];
    return settingEntries(ctx.ir, 'protocols')
      .filter((p) => p.value === 'raw' || p.value === 'packet')
      .map((p) => ({ message: `\`protocols ${p.value}\` with NET_RAW lets the workload forge and sniff packets`, subject: p.value, region: ctx.at(p.origin) }));
  },
};
