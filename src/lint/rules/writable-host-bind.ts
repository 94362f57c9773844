/** A writable host bind lets the workload change files the host (or other containers) trust. */
import { ENGINE_SOCKETS, hostBinds } from '../binds.js';
import { type LintRule } from '../rule.js';

/** SPL305: `bind … writable`. */
export const writableHostBind: LintRule = {
  id: 'SPL305',
  name: 'writable-host-bind',
  severity: 'note',
  summary: 'A host directory is bind-mounted writable.',
  rationale: 'Files the workload writes through a bind land on the host with the workload\'s uid, where host services or other containers may read and trust them. A named volume keeps the data apart from the host\'s own files.',
  fix: 'Use a named volume (`volume data -> /var/lib/app`), or make the bind `readonly` when the workload only reads it.',
  reference: { title: 'Docker documentation, Bind mounts: use a read-only bind mount', url: 'https://docs.docker.com/engine/storage/bind-mounts/' },
  securitySeverity: 3.0,
  tags: ['security', 'mounts'],
  run: (ctx) =>
    hostBinds(ctx)
      .filter((b) => !b.mount.readonly && !ENGINE_SOCKETS.includes(b.mount.source))
      .map((b) => ({ message: `host path \`${b.mount.source}\` is mounted writable at \`${b.mount.target}\``, subject: b.mount.source, region: b.region })),
};
