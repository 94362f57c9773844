/**
 * Every argument condition compares an argument the call has, with values that fit the bits the
 * kernel reads of it (the SYSCALL_DEFINEx wrappers cast each register to its declared type, so an
 * `unsigned int` argument is its low 32 bits). Where secpol does not know an argument's width only
 * comparisons that stay sound at any width are allowed.
 */
import type { ConditionAst, SyscallRuleAst } from '../../ast.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { argBits, syscallArgs } from '../../data/syscall-args.js';
import { groupSyscalls } from '../../syscall-rules.js';
import { argValueNumber } from '../../syscall-filter.js';
import type { Check } from '../check.js';

const OP_TEXT: Readonly<Record<ConditionAst['op'], string>> = { EQ: '==', NE: '!=', LT: '<', LE: '<=', GT: '>', GE: '>=', IN: 'in', MASKED_EQ: '& … ==', MASKED_NE: '& … !=' };
/** Comparisons that hold for a call with stray high bits only if they hold without them too. */
const SOUND_AT_ANY_WIDTH: ReadonlySet<ConditionAst['op']> = new Set(['EQ', 'IN', 'MASKED_EQ']);

/** The syscall names a rule reaches: its names, and its groups' members. */
function names(r: SyscallRuleAst): string[] {
  return r.targets.flatMap((t) => (t.value.kind === 'name' ? [t.value.name] : [...(groupSyscalls(t.value.name) ?? [])]));
}

/** Conditions fit their arguments. */
export const syscallConditionsFitTheirArguments: Check = {
  name: 'syscall-conditions-fit-their-arguments',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const r of w.syscalls.rules) {
      if (r.conditions.length === 0) continue;
      const reached = names(r);
      for (const c of r.conditions) {
        // One diagnostic per condition: the first call of the rule it does not fit.
        for (const name of reached) {
          const known = syscallArgs(name);
          if (known && c.index >= known.length) {
            out.push(diag('E0413', c.span, { index: c.index, name, count: known.length }));
            break;
          }
          const bits = argBits(name, c.index);
          if (bits === undefined) {
            if (SOUND_AT_ANY_WIDTH.has(c.op)) continue;
            out.push(diag('E0414', c.span, { index: c.index, name, op: OP_TEXT[c.op] }, { help: `compare with \`==\`, \`in [ … ]\` or \`& MASK == V\`` }));
            break;
          }
          const limit = 2n ** BigInt(bits);
          const wide = [...c.values, ...(c.mask ? [c.mask] : [])].find((v) => {
            const n = argValueNumber(v.value);
            return n !== undefined && BigInt(n) >= limit;
          });
          if (wide) {
            const n = BigInt(argValueNumber(wide.value)!);
            const low = n & (limit - 1n);
            out.push(diag('E0412', wide.span, { value: `0x${n.toString(16)}`, index: c.index, name, bits }, { help: `the kernel reads 0x${low.toString(16)} of it` }));
            break;
          }
        }
      }
    }
    return out;
  },
};
