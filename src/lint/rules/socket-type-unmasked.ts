/**
 * A socket type compared exactly misses most callers: glibc, Go and Node OR SOCK_CLOEXEC (and often
 * SOCK_NONBLOCK) into socket(2)'s type argument, so `arg1 == SOCK_STREAM` matches none of their
 * calls. Read from the rules as written: the filter keeps the comparison, not the condition's place.
 */
import { SOCK_TYPE_MASK, isSocketCall } from '../../compiler/syscall-filter.js';
import { man, type LintRule } from '../rule.js';

/** SPL512: `socket`/`socketpair` compared with a bare socket type, `arg1 == SOCK_STREAM`. */
export const socketTypeUnmasked: LintRule = {
  id: 'SPL512',
  name: 'socket-type-unmasked',
  severity: 'warning',
  summary: 'A rule compares socket(2)\'s type argument with a bare socket type, which misses callers that add SOCK_CLOEXEC or SOCK_NONBLOCK.',
  rationale:
    'socket(2)\'s type argument also carries the flags SOCK_CLOEXEC and SOCK_NONBLOCK, which glibc, Go and Node add to nearly every socket they open: `arg1 == SOCK_STREAM` matches none of those calls, so an `allow` refuses what it seems to allow and a `deny` lets through what it seems to refuse. `protocols` already narrows socket types under the mask.',
  fix: 'Compare the type under its mask: `allow socket if arg1 & SOCK_TYPE_MASK == SOCK_STREAM`; or leave the type to `protocols`.',
  reference: man('socket', 2),
  securitySeverity: 3.0,
  tags: ['security', 'seccomp', 'network', 'correctness'],
  replaces: ['W0115'],
  run: (ctx) =>
    ctx.ir.provenance.syscallRules.flatMap((r) => {
      const socketName = r.targets.find((t) => t.kind === 'name' && isSocketCall(t.name))?.name;
      if (!socketName) return [];
      return r.conditions.flatMap((c) => {
        if (c.index !== 1 || (c.op !== 'EQ' && c.op !== 'IN')) return [];
        // Only bare types: a value that already carries a flag (`SOCK_STREAM | SOCK_CLOEXEC`) is meant exactly.
        const bare = c.values.find((v) => v.number !== null && v.number > 0 && v.number <= SOCK_TYPE_MASK);
        if (!bare) return [];
        return [{ message: `\`${socketName}\` is compared with \`${bare.text}\` exactly, which misses callers that add SOCK_CLOEXEC or SOCK_NONBLOCK`, subject: socketName, region: ctx.at(c.origin) }];
      });
    }),
};
