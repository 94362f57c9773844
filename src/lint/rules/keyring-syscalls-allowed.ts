/** The kernel keyrings are not namespaced: keys of the host's users are one lookup away. */
import { man, type LintRule } from '../rule.js';
import { allowedSyscallFindings, byWhat } from '../syscalls.js';

/** SPL507: keyctl, add_key or request_key allowed. */
export const keyringSyscallsAllowed: LintRule = {
  id: 'SPL507',
  name: 'keyring-syscalls-allowed',
  severity: 'warning',
  summary: '`keyctl`, `add_key` or `request_key` is allowed.',
  rationale: 'The kernel key retention service is not namespaced: a container shares it with the host\'s users of the same uid, so keys can be read or planted across the container boundary. Docker\'s default profile blocks these calls for that reason.',
  fix: 'Remove them from the allow rules (no group contains them), or deny them: `deny keyctl, add_key, request_key`.',
  reference: man('keyrings', 7),
  securitySeverity: 5.5,
  tags: ['security', 'seccomp'],
  run: (ctx) => allowedSyscallFindings(ctx, ['keyctl', 'add_key', 'request_key'], (n, a) => `\`${n}\` is allowed by ${byWhat(a)}: kernel keyrings are shared with the host`),
};
