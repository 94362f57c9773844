/** io_uring does reads, writes, opens and connects without the syscalls a seccomp filter sees. */
import { man, type LintRule } from '../rule.js';
import { allowedSyscallFindings, byWhat } from '../syscalls.js';

/** SPL509: io_uring_setup, io_uring_enter or io_uring_register allowed. */
export const ioUringAllowed: LintRule = {
  id: 'SPL509',
  name: 'io-uring-allowed',
  severity: 'warning',
  summary: '`io_uring_setup`, `io_uring_enter` or `io_uring_register` is allowed.',
  rationale: 'Operations submitted through io_uring (open, read, write, connect, accept …) are carried out by the kernel without the matching syscalls, so the seccomp filter cannot see or refuse them; io_uring has also been a frequent source of kernel vulnerabilities. Docker\'s default profile blocks it.',
  fix: 'Remove the io_uring calls from the allow rules (no group contains them); most runtimes fall back to epoll or threads.',
  reference: man('io_uring', 7),
  securitySeverity: 6.0,
  tags: ['security', 'seccomp'],
  run: (ctx) => allowedSyscallFindings(ctx, ['io_uring_setup', 'io_uring_enter', 'io_uring_register'], (n, a) => `\`${n}\` is allowed by ${byWhat(a)}: io_uring operations bypass the seccomp filter`),
};
