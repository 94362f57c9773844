/** ptrace and process_vm_readv/writev read and change other processes' memory. */
import { man, type LintRule } from '../rule.js';
import { allowedSyscallFindings, byWhat } from '../syscalls.js';

/** SPL504: ptrace, process_vm_readv or process_vm_writev allowed. */
export const ptraceAllowed: LintRule = {
  id: 'SPL504',
  name: 'ptrace-allowed',
  severity: 'warning',
  summary: '`ptrace` or `process_vm_readv`/`process_vm_writev` is allowed.',
  rationale: 'These calls read and write the memory and registers of other processes of the same user: secrets in a sibling process, or code injected into it. On kernels before 4.8 ptrace could also bypass the seccomp filter itself.',
  fix: 'Remove them from the allow rules, or deny them outright: `deny ptrace, process_vm_readv, process_vm_writev with kill`. Debuggers and profilers belong in a separate, short-lived workload.',
  reference: man('ptrace', 2),
  securitySeverity: 6.5,
  tags: ['security', 'seccomp'],
  run: (ctx) => allowedSyscallFindings(ctx, ['ptrace', 'process_vm_readv', 'process_vm_writev'], (n, a) => `\`${n}\` is allowed by ${byWhat(a)}: it reads and changes other processes' memory`),
};
