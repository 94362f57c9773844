/** The host PID namespace lets the workload see, signal and (with ptrace) enter host processes. */
import { cis, type LintRule } from '../rule.js';
import { hostNamespaceFinding } from '../host-namespace.js';

/** SPL202: pid host. */
export const hostPidNamespace: LintRule = {
  id: 'SPL202',
  name: 'host-pid-namespace',
  severity: 'error',
  summary: 'The workload shares the host\'s PID namespace.',
  rationale: 'In the host\'s PID namespace the workload sees every host process with its command line and environment in /proc, can signal processes of its own uid, and with SYS_PTRACE can enter them.',
  fix: 'Remove `pid host` from `namespaces { … }`; `pid private` is the default.',
  reference: cis('5.15', 'Ensure that the host\'s process namespace is not shared'),
  securitySeverity: 8.0,
  tags: ['security', 'namespaces'],
  replaces: ['W0102'],
  run: (ctx) => hostNamespaceFinding(ctx, ctx.ir.namespaces.pid === 'host', 'PID', 'namespaces.pid', 'it sees and can signal host processes'),
};
