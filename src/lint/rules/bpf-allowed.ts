/** bpf(2) loads programs into the kernel: the verifier is a frequent source of kernel exploits. */
import { man, type LintRule } from '../rule.js';
import { allowedSyscallFindings, byWhat } from '../syscalls.js';

/** SPL505: bpf allowed. */
export const bpfAllowed: LintRule = {
  id: 'SPL505',
  name: 'bpf-allowed',
  severity: 'error',
  summary: '`bpf` is allowed.',
  rationale: 'bpf(2) loads programs into the kernel and creates maps it shares. Even where unprivileged BPF is off, allowing the call exposes the verifier and map code, a recurring source of kernel privilege escalations; with CAP_BPF or SYS_ADMIN it can trace and change the whole host.',
  fix: 'Remove `bpf` from the allow rules (no group contains it), or deny it: `deny bpf with kill`.',
  reference: man('bpf', 2),
  securitySeverity: 7.5,
  tags: ['security', 'seccomp'],
  run: (ctx) => allowedSyscallFindings(ctx, ['bpf'], (n, a) => `\`${n}\` is allowed by ${byWhat(a)}: it loads programs into the kernel`),
};
