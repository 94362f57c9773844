/** Host networking exposes every host interface and loopback service to the workload. */
import { cis, type LintRule } from '../rule.js';
import { hostNamespaceFinding } from '../host-namespace.js';

/** SPL201: network mode host. */
export const hostNetworkNamespace: LintRule = {
  id: 'SPL201',
  name: 'host-network-namespace',
  severity: 'error',
  summary: 'The workload shares the host\'s network namespace.',
  rationale: 'With the host\'s network namespace the workload can bind any host port, reach services that listen only on the host\'s loopback, and see every interface; with NET_RAW or NET_ADMIN it can sniff or reconfigure the host\'s traffic.',
  fix: 'Use the default bridge network and publish the ports the workload serves: `network { publish 127.0.0.1:8080 -> 80 }`.',
  reference: cis('5.9', 'Ensure that the host\'s network namespace is not shared'),
  securitySeverity: 8.0,
  tags: ['security', 'namespaces', 'network'],
  replaces: ['W0102'],
  run: (ctx) => hostNamespaceFinding(ctx, ctx.ir.namespaces.network === 'host', 'network', 'network.mode', 'every host port and interface, and the host\'s loopback services'),
};
