/** The host IPC namespace shares System V and POSIX shared memory, semaphores and queues with the host. */
import { cis, type LintRule } from '../rule.js';
import { hostNamespaceFinding } from '../host-namespace.js';

/** SPL203: ipc host. */
export const hostIpcNamespace: LintRule = {
  id: 'SPL203',
  name: 'host-ipc-namespace',
  severity: 'error',
  summary: 'The workload shares the host\'s IPC namespace.',
  rationale: 'In the host\'s IPC namespace the workload can attach to the shared memory segments, semaphores and message queues of host processes, read what they hold and corrupt it.',
  fix: 'Remove `ipc host`; use `ipc private` (the default), or `ipc shareable` to share with chosen containers only.',
  reference: cis('5.16', 'Ensure that the host\'s IPC namespace is not shared'),
  securitySeverity: 7.0,
  tags: ['security', 'namespaces'],
  replaces: ['W0102'],
  run: (ctx) => hostNamespaceFinding(ctx, ctx.ir.namespaces.ipc === 'host', 'IPC', 'namespaces.ipc', 'it can attach to host shared memory, semaphores and queues'),
};
