/** A container engine's API socket is root on the host for whoever can write to it. */
import { ENGINE_SOCKETS, hostBinds } from '../binds.js';
import { cis, type LintRule } from '../rule.js';

/** SPL301: a bind of the Docker (or containerd, Podman, CRI-O) socket. */
export const dockerSocketMount: LintRule = {
  id: 'SPL301',
  name: 'docker-socket-mount',
  severity: 'error',
  summary: 'The workload mounts a container engine\'s socket.',
  rationale: 'Whoever can talk to the engine\'s API can start a privileged container with the host\'s root mounted: a read-only bind does not help, since connecting to a socket is not a write to the file.',
  fix: 'Remove the bind. A workload that must drive containers should reach a narrowed API proxy, or run where a compromise of the host is accepted, with the reason suppressed.',
  reference: cis('5.31', 'Ensure that the Docker socket is not mounted inside any containers'),
  securitySeverity: 9.5,
  tags: ['security', 'mounts'],
  replaces: ['W0104'],
  run: (ctx) =>
    hostBinds(ctx)
      .filter((b) => ENGINE_SOCKETS.includes(b.mount.source))
      .map((b) => ({ message: `bind mount of \`${b.mount.source}\` gives the workload full control of the host through the container engine`, subject: b.mount.source, region: b.region })),
};
