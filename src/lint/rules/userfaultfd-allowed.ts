/** userfaultfd lets a process stall the kernel mid-copy, the classic aid to winning kernel races. */
import { man, type LintRule } from '../rule.js';
import { allowedSyscallFindings, byWhat } from '../syscalls.js';

/** SPL506: userfaultfd allowed. */
export const userfaultfdAllowed: LintRule = {
  id: 'SPL506',
  name: 'userfaultfd-allowed',
  severity: 'warning',
  summary: '`userfaultfd` is allowed.',
  rationale: 'userfaultfd(2) lets a process handle page faults in its own memory, so it can pause the kernel in the middle of copying from user memory; many kernel race exploits rely on it. Kernels since 5.11 restrict it unless vm.unprivileged_userfaultfd is set, but the filter should not depend on the host.',
  fix: 'Remove `userfaultfd` from the allow rules (no group contains it), or deny it.',
  reference: man('userfaultfd', 2),
  securitySeverity: 6.0,
  tags: ['security', 'seccomp'],
  run: (ctx) => allowedSyscallFindings(ctx, ['userfaultfd'], (n, a) => `\`${n}\` is allowed by ${byWhat(a)}: it helps exploits win kernel races`),
};
