/** `protocols raw` or `packet` without NET_RAW grants nothing: the kernel refuses the socket. */
import { settingEntries } from '../../compiler/ir-query.js';
import { man, type LintRule } from '../rule.js';

/** SPL602: raw or packet sockets granted, without NET_RAW. */
export const rawProtocolWithoutNetRaw: LintRule = {
  id: 'SPL602',
  name: 'raw-protocol-without-net-raw',
  severity: 'warning',
  summary: '`protocols raw` or `packet` is declared, but without CAP_NET_RAW the kernel refuses those sockets.',
  rationale: 'Opening a SOCK_RAW or AF_PACKET socket needs CAP_NET_RAW in the network namespace\'s user namespace. Without it the grant only widens the seccomp and AppArmor rules and misleads the reader.',
  fix: 'Remove `raw`/`packet` from `protocols`; or, if the workload really needs raw sockets, add NET_RAW and expect SPL601.',
  reference: man('packet', 7),
  securitySeverity: 2.5,
  tags: ['security', 'network', 'correctness'],
  run: (ctx) => {
    if (ctx.ir.capabilities.includes('CAP_NET_RAW')) return [];
    return settingEntries(ctx.ir, 'protocols')
      .filter((p) => p.value === 'raw' || p.value === 'packet')
      .map((p) => ({ message: `\`protocols ${p.value}\` grants nothing without the NET_RAW capability`, subject: p.value, region: ctx.at(p.origin) }));
  },
};
