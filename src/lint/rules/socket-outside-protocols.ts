/**
 * `protocols` bounds every socket: the lowering allows socket(2) and socketpair(2) only for the
 * declared families and types, whatever the syscall rules say. A rule that allows a socket no
 * protocol grants (or any socket, with no protocol) reads as allowing what the filter then refuses,
 * so it is reported where it is written: at the family's value, or at the call's name.
 */
import { constantValue } from '../../compiler/data/constants.js';
import type { SocketFamily } from '../../compiler/ir.js';
import { FAMILY_CONSTANT, isSocketCall } from '../../compiler/syscall-filter.js';
import { man, type LintRule } from '../rule.js';

/** Each family `protocols` can grant, by its AF_* number. */
const FAMILY_OF: ReadonlyMap<number | undefined, SocketFamily> = new Map(Object.entries(FAMILY_CONSTANT).map(([family, constant]) => [constantValue(constant), family as SocketFamily]));

/** SPL604: `socket` or `socketpair` allowed for a family no protocol grants. */
export const socketOutsideProtocols: LintRule = {
  id: 'SPL604',
  name: 'socket-outside-protocols',
  severity: 'warning',
  summary: 'A rule allows `socket` or `socketpair` for a family no protocol of the policy grants, so those calls are refused.',
  rationale:
    '`protocols` says which sockets a workload may open, and secpol enforces it twice: in the AppArmor profile and in the seccomp filter, where `socket` and `socketpair` are allowed only for the declared families and types, whatever the syscall rules say. A socket the rules allow but no protocol grants is refused on every host, and the rule misleads its reader.',
  fix: 'Add the protocol that grants the family (`protocols tcp, unix`: `tcp` or `udp` for AF_INET and AF_INET6, `unix`, `netlink`, `packet`), or drop the family from the rule.',
  reference: man('socket', 2),
  securitySeverity: 1.0,
  tags: ['security', 'network', 'correctness'],
  replaces: ['W0117'],
  run: (ctx) => {
    const grants = ctx.ir.network.grants;
    return ctx.ir.provenance.syscallRules.flatMap((r) =>
      r.verb !== 'allow'
        ? []
        : r.targets.flatMap((t) => {
            if (t.kind !== 'name' || !isSocketCall(t.name)) return [];
            const name = t.name;
            if (grants.length === 0) return [{ message: `\`${name}\` is allowed for any socket, which no protocol of the policy grants, so those calls are refused`, subject: name, region: ctx.at(t.origin) }];
            return r.conditions
              .filter((c) => c.index === 0 && (c.op === 'EQ' || c.op === 'IN'))
              .flatMap((c) => c.values)
              .flatMap((v) => {
                const family = FAMILY_OF.get(v.number ?? undefined);
                return family && !grants.some((g) => g.family === family)
                  ? [{ message: `\`${name}\` is allowed for \`${family}\` sockets, which no protocol of the policy grants, so those calls are refused`, subject: name, region: ctx.at(v.origin) }]
                  : [];
              });
          }),
    );
  },
};
