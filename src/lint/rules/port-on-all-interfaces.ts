/** A port published without a host address listens on every interface of the host. */
import { cis, type LintRule } from '../rule.js';

/** SPL603: `publish PORT` without a host address. */
export const portOnAllInterfaces: LintRule = {
  id: 'SPL603',
  name: 'port-on-all-interfaces',
  severity: 'warning',
  summary: 'A port is published on every host interface.',
  rationale: 'Without a host address Docker binds 0.0.0.0 and ::, so the port is reachable from every network the host is on, and Docker\'s own firewall rules let it past the host\'s.',
  fix: 'Name the address: `publish 127.0.0.1:8080 -> 80`, or the one interface that should serve it.',
  reference: cis('5.13', 'Ensure that incoming container traffic is bound to a specific host interface'),
  securitySeverity: 5.0,
  tags: ['security', 'network'],
  replaces: ['W0108'],
  run: (ctx) =>
    ctx.ir.network.ports
      .filter((p) => p.hostIp === null)
      .map((p) => ({ message: `port ${p.hostPort ?? '(ephemeral)'} -> ${p.containerPort}/${p.protocol} is published on every host interface`, subject: `${p.containerPort}/${p.protocol}`, region: ctx.at(p.origin) })),
};
