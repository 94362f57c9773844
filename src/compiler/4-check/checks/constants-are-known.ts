/** Named constants in argument conditions and errno names in actions are known. */
import type { ActionAst, ArgValue } from '../../ast.js';
import type { Spanned } from '../../source.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { suggest } from '../../diagnostics/suggest.js';
import { CONSTANT_NAMES, constantValue } from '../../data/constants.js';
import { ERRNO_NAMES, resolveErrno } from '../../data/errno.js';
import type { Check } from '../check.js';

/** Every constant and errno resolves. */
export const constantsAreKnown: Check = {
  name: 'constants-are-known',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const action = (a: Spanned<ActionAst> | null): void => {
      if (a?.value.kind !== 'errno') return;
      const e = a.value.errno;
      if (resolveErrno(e.value) !== undefined) return;
      const guess = suggest(e.value, ERRNO_NAMES);
      out.push(diag('E0306', e.span, { name: e.value }, guess ? { suggestion: guess } : { help: 'write a name such as `EPERM` or a number from 1 to 4095' }));
    };
    action(w.syscalls.defaultAction);
    for (const r of w.syscalls.rules) {
      action(r.action);
      for (const c of r.conditions)
        for (const v of [...c.values, ...(c.mask ? [c.mask] : [])].flatMap((x): readonly Spanned<ArgValue>[] => (x.value.kind === 'or' ? x.value.terms : [x]))) {
          if (v.value.kind !== 'constant' || constantValue(v.value.name) !== undefined) continue;
          const guess = suggest(v.value.name, CONSTANT_NAMES);
          out.push(diag('E0305', v.span, { name: v.value.name }, guess ? { suggestion: guess } : {}));
        }
    }
    return out;
  },
};
