/** Capabilities that come close to root on the host (capabilities(7)); shares the compiler's list. */
import { capabilityGrants } from '../../compiler/ir-query.js';
import { DANGEROUS_CAPABILITIES } from '../../compiler/data/dangerous-capabilities.js';
import { cis, type LintRule } from '../rule.js';

/** SPL101: a granted capability close to host root. */
export const dangerousCapability: LintRule = {
  id: 'SPL101',
  name: 'dangerous-capability',
  severity: 'error',
  summary: 'The workload is granted a capability that comes close to root on the host.',
  rationale:
    'SYS_ADMIN, SYS_PTRACE, NET_ADMIN, SYS_MODULE, DAC_READ_SEARCH, SYS_RAWIO, SYS_BOOT, MAC_ADMIN, MAC_OVERRIDE and BPF each open a known path out of the container: mounting, reading other processes, reconfiguring the network, loading kernel code, opening host files by handle, raw I/O, rebooting, changing or bypassing the mandatory access control policy, loading BPF programs.',
  fix: 'Remove the capability from `capabilities { add … }`; a narrower capability (NET_BIND_SERVICE rather than NET_ADMIN) or a change in the workload usually does. If it must stay, suppress it by the name the finding gives, with the reason: `lint { ignore SPL101 NET_ADMIN "REASON" }`.',
  reference: cis('5.3', 'Ensure that Linux kernel capabilities are restricted within containers'),
  securitySeverity: 8.8,
  tags: ['security', 'capabilities'],
  replaces: ['W0101'],
  run: (ctx) =>
    ctx.ir.capabilities
      .filter((c) => DANGEROUS_CAPABILITIES[c] !== undefined)
      .flatMap((c) => {
        // Every `add` that grants it (a base's and the extending policy's), as W0101 reported them.
        const adds = capabilityGrants(ctx.ir, c);
        return (adds.length > 0 ? adds : [null]).map((origin) => ({ message: `capability \`${c.replace(/^CAP_/, '')}\` ${DANGEROUS_CAPABILITIES[c]}`, subject: c, region: ctx.at(origin) }));
      }),
};
