/** Binding the host's `/` exposes every host file. */
import { hostBinds } from '../binds.js';
import { cis, type LintRule } from '../rule.js';

/** SPL302: a bind of the host root. */
export const hostRootMount: LintRule = {
  id: 'SPL302',
  name: 'host-root-mount',
  severity: 'error',
  summary: 'The workload mounts the host\'s root file system.',
  rationale: 'A bind of `/` exposes every host file to the workload: credentials, keys, other containers\' data, and, when writable, the host\'s binaries and boot configuration.',
  fix: 'Bind only the directory the workload needs, read-only: `bind "/srv/app/config" -> /etc/app readonly`.',
  reference: cis('5.5', 'Ensure sensitive host system directories are not mounted on containers'),
  securitySeverity: 9.0,
  tags: ['security', 'mounts'],
  replaces: ['W0104'],
  run: (ctx) =>
    hostBinds(ctx)
      .filter((b) => b.mount.source === '/')
      .map((b) => ({ message: `bind mount of the host's \`/\`${b.mount.readonly ? '' : ', writable,'} exposes the whole host file system`, subject: '/', region: b.region })),
};
