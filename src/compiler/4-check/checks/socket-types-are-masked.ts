/**
 * A socket type compared exactly misses most callers: glibc, Go and Node OR SOCK_CLOEXEC (and often
 * SOCK_NONBLOCK) into socket(2)'s type argument, so `arg1 == SOCK_STREAM` matches none of their
 * calls. Warned, with the masked form that matches them.
 */
import type { ArgValue } from '../../ast.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { SOCK_TYPE_MASK, argValueNumber, isSocketCall } from '../../syscall-filter.js';
import type { Check } from '../check.js';

const text = (v: ArgValue): string => (v.kind === 'constant' ? v.name : v.kind === 'number' ? String(v.value) : v.terms.map((t) => text(t.value)).join(' | '));

/** `socket`/`socketpair` type conditions use the type mask. */
export const socketTypesAreMasked: Check = {
  name: 'socket-types-are-masked',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const r of w.syscalls.rules) {
      const socketName = r.targets.find((t) => t.value.kind === 'name' && isSocketCall(t.value.name))?.value.name;
      if (!socketName) continue;
      for (const c of r.conditions) {
        if (c.index !== 1 || (c.op !== 'EQ' && c.op !== 'IN')) continue;
        // Only bare types: a value that already carries a flag (`SOCK_STREAM | SOCK_CLOEXEC`) is meant exactly.
        const bare = c.values.filter((v) => {
          const n = argValueNumber(v.value);
          return n !== undefined && n > 0 && n <= SOCK_TYPE_MASK;
        });
        if (bare.length === 0) continue;
        const type = text(bare[0]!.value);
        out.push(diag('W0115', c.span, { name: socketName, type }, { help: `write \`arg1 & SOCK_TYPE_MASK == ${type}\`` }));
      }
    }
    return out;
  },
};
