/** The host cgroup namespace shows the host's cgroup hierarchy (cgroup_namespaces(7)). */
import { man, type LintRule } from '../rule.js';
import { hostNamespaceFinding } from '../host-namespace.js';

/** SPL205: cgroup host. */
export const hostCgroupNamespace: LintRule = {
  id: 'SPL205',
  name: 'host-cgroup-namespace',
  severity: 'note',
  summary: 'The workload shares the host\'s cgroup namespace.',
  rationale: 'Without its own cgroup namespace the workload sees the host\'s cgroup paths in /proc/self/cgroup and /sys/fs/cgroup, which tell it about the host\'s other containers and services.',
  fix: 'Remove `cgroup host`; `cgroup private` is the default.',
  reference: man('cgroup_namespaces', 7),
  securitySeverity: 3.0,
  tags: ['security', 'namespaces'],
  replaces: ['W0102'],
  run: (ctx) => hostNamespaceFinding(ctx, ctx.ir.namespaces.cgroup === 'host', 'cgroup', 'namespaces.cgroup', 'it sees the host\'s cgroup hierarchy'),
};
