/**
 * Every syscall's rules lower to one seccomp filter: each rule compares an argument at most once, the
 * regions of different actions are disjoint, and the filter stays within a bounded number of rules
 * per call (syscall-filter.ts). What cannot be said that way is refused here, at the rule whose
 * conditions cannot be expressed, rather than approximated by the lowering.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { argValueNumber, filterContext, syscallPieces } from '../../syscall-filter.js';
import { groupSyscalls, resolveSyscalls } from '../../syscall-rules.js';
import { argBits } from '../../data/syscall-args.js';
import { resolveErrno } from '../../data/errno.js';
import type { SyscallRuleAst, WorkloadAst } from '../../ast.js';
import type { Check } from '../check.js';

/** Whether every value and errno resolves and fits its argument: what the checks before this one report. */
function resolvable(w: WorkloadAst): boolean {
  return w.syscalls.rules.every((r) => {
    if (r.action?.value.kind === 'errno' && resolveErrno(r.action.value.errno.value) === undefined) return false;
    const reached = r.targets.flatMap((t) => (t.value.kind === 'name' ? [t.value.name] : [...(groupSyscalls(t.value.name) ?? [])]));
    return r.conditions.every((c) =>
      [...c.values, ...(c.mask ? [c.mask] : [])].every((v) => {
        const n = argValueNumber(v.value);
        return n !== undefined && reached.every((name) => BigInt(n) < 2n ** BigInt(argBits(name, c.index) ?? 64));
      }),
    );
  });
}

/** The conditions of every syscall can be expressed. */
export const syscallConditionsAreExpressible: Check = {
  name: 'syscall-conditions-are-expressible',
  run: ({ workload: w, arches }) => {
    const out: Diagnostic[] = [];
    if (!resolvable(w)) return out;
    const ctx = filterContext(w);
    const reported = new Set<SyscallRuleAst>();
    for (const [name, g] of resolveSyscalls(w, arches)) {
      const r = syscallPieces(name, g, ctx);
      if (r.ok || reported.has(r.rule)) continue;
      reported.add(r.rule);
      out.push(diag('E0415', r.rule.span, { name, reason: r.reason }));
    }
    return out;
  },
};
