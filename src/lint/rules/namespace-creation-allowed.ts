/**
 * Creating namespaces, above all a user namespace, is the usual first step of a kernel exploit from a
 * container: inside it the process holds every capability over the new namespaces, and so reaches
 * kernel code (netfilter, mounts of new file systems) it otherwise could not.
 */
import { CLONE_NAMESPACE_FLAGS } from '../../compiler/data/syscall-restrictions.js';
import { man, type LintRule } from '../rule.js';
import { allowances, byWhat } from '../syscalls.js';


/** SPL508: unshare, setns, clone3, or clone without the namespace-flag mask, allowed. */
export const namespaceCreationAllowed: LintRule = {
  id: 'SPL508',
  name: 'namespace-creation-allowed',
  severity: 'error',
  summary: 'The workload may create or enter namespaces (`unshare`, `setns`, `clone` with namespace flags, `clone3`).',
  rationale: 'In a new user namespace a process holds every capability over it, which exposes kernel code that is otherwise reachable only with CAP_SYS_ADMIN or CAP_NET_ADMIN; many container escapes start there. clone3 passes its flags in memory that seccomp cannot read, so allowing it allows every flag.',
  fix: 'Do not allow `unshare`, `setns` or `clone3`, and allow `clone` without a condition (by name or from `@process`: secpol then allows it only without namespace flags) rather than `allow clone unrestricted`; write `allow clone if arg0 & CLONE_NEWUSER == 0` for a narrower exception.',
  reference: man('user_namespaces', 7),
  securitySeverity: 7.5,
  replaces: ['W0114'],
  tags: ['security', 'seccomp', 'namespaces'],
  run: (ctx) => [
    ...['unshare', 'setns', 'clone3'].flatMap((n) => allowances(ctx, n).map((a) => ({ message: `\`${n}\` is allowed by ${byWhat(a)}: the workload can ${n === 'setns' ? 'enter' : 'create'} namespaces`, subject: n, region: a.region }))),
    ...allowances(ctx, 'clone')
      // Allowed without namespaces when arg0's masked test covers every namespace flag and wants them clear.
      .filter((a) => !a.rule || !a.rule.args.some((x) => x.index === 0 && x.op === 'MASKED_EQ' && (x.value & CLONE_NAMESPACE_FLAGS) === CLONE_NAMESPACE_FLAGS && (x.valueTwo & CLONE_NAMESPACE_FLAGS) === 0))
      .map((a) => ({ message: `\`clone\` is allowed with namespace flags by ${byWhat(a)}: the workload can create namespaces`, subject: 'clone', region: a.region })),
  ],
};
