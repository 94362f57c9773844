/** The host UTS namespace holds the host's hostname and domain name. */
import { cis, type LintRule } from '../rule.js';
import { hostNamespaceFinding } from '../host-namespace.js';

/** SPL204: uts host. */
export const hostUtsNamespace: LintRule = {
  id: 'SPL204',
  name: 'host-uts-namespace',
  severity: 'warning',
  summary: 'The workload shares the host\'s UTS namespace.',
  rationale: 'In the host\'s UTS namespace the workload reads the host\'s name and, with SYS_ADMIN, can change it for every process on the host.',
  fix: 'Remove `uts host`; set the container\'s own name with `hostname NAME`.',
  reference: cis('5.20', 'Ensure that the host\'s UTS namespace is not shared'),
  securitySeverity: 4.0,
  tags: ['security', 'namespaces'],
  replaces: ['W0102'],
  run: (ctx) => hostNamespaceFinding(ctx, ctx.ir.namespaces.uts === 'host', 'UTS', 'namespaces.uts', 'it shares the host\'s hostname'),
};
