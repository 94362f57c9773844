/**
 * `protocols` bounds every socket: the lowering allows socket(2) and socketpair(2) only for the
 * declared families and types, whatever the syscall rules say. A rule that allows a socket no
 * protocol grants (or socket at all, with no protocol) would read as allowing what the filter then
 * refuses, so it is warned where it is written.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { constantValue } from '../../data/constants.js';
import { networkGrants } from '../../network-grants.js';
import { argValueNumber, isSocketCall } from '../../syscall-filter.js';
import type { Check } from '../check.js';

/** The protocol word that grants each family, by its AF_* number. */
const PROTOCOL_OF: ReadonlyMap<number | undefined, { family: string; protocol: string }> = new Map([
  [constantValue('AF_UNIX'), { family: 'unix', protocol: 'unix' }],
  [constantValue('AF_INET'), { family: 'inet', protocol: 'tcp` or `udp' }],
  [constantValue('AF_INET6'), { family: 'inet6', protocol: 'tcp` or `udp' }],
  [constantValue('AF_NETLINK'), { family: 'netlink', protocol: 'netlink' }],
  [constantValue('AF_PACKET'), { family: 'packet', protocol: 'packet' }],
]);

/** Rules that allow socket calls stay within `protocols`. */
export const socketsFollowProtocols: Check = {
  name: 'sockets-follow-protocols',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const grants = networkGrants(w);
    for (const r of w.syscalls.rules) {
      if (r.verb !== 'allow') continue;
      for (const t of r.targets) {
        if (t.value.kind !== 'name' || !isSocketCall(t.value.name)) continue;
        if (grants.length === 0) {
          out.push(diag('W0117', t.span, { name: t.value.name, what: 'any socket' }, { help: 'declare what it opens: `network { protocols tcp, unix }`' }));
          continue;
        }
        for (const c of r.conditions) {
          if (c.index !== 0 || (c.op !== 'EQ' && c.op !== 'IN')) continue;
          for (const v of c.values) {
            const p = PROTOCOL_OF.get(argValueNumber(v.value));
            if (p && !grants.some((g) => g.family === p.family))
              out.push(diag('W0117', v.span, { name: t.value.name, what: `\`${p.family}\` sockets` }, { help: `add \`${p.protocol}\` to \`protocols\`` }));
          }
        }
      }
    }
    return out;
  },
};
