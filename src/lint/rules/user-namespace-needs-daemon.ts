/**
 * Docker cannot give one container its own id mappings: a daemon remaps every container at once with
 * `userns-remap` in daemon.json, taking the ranges of the named user from /etc/subuid and /etc/subgid,
 * in file order, from container id 0 upwards (moby `idtools`). `--userns host` and Compose
 * `userns_mode: host` only opt out. The finding says which daemon setting reproduces the policy's
 * map, or that none can.
 */
import type { IdMapping } from '../../compiler/ir.js';
import type { LintRule } from '../rule.js';

/** The user the finding names in daemon.json, /etc/subuid and /etc/subgid. */
const REMAP_USER = 'secpol';

/** Whether Docker's map (ranges laid end to end from container id 0) can equal `maps` (sorted by container id, as the IR keeps them). */
function dockerCanMap(maps: readonly IdMapping[]): boolean {
  let next = 0;
  for (const m of maps) {
    if (m.containerId !== next) return false;
    next += m.size;
  }
  return true;
}

const subLines = (file: string, maps: readonly IdMapping[]): string => `${file} ${maps.map((m) => `\`${REMAP_USER}:${m.hostId}:${m.size}\``).join(', ')}`;

/** SPL207: a private user namespace, which Docker sets only for a whole daemon. */
export const userNamespaceNeedsDaemon: LintRule = {
  id: 'SPL207',
  name: 'user-namespace-needs-daemon',
  severity: 'note',
  summary: 'The user namespace\'s id mappings reach config.json only: Docker cannot set them for one container.',
  rationale:
    'Only config.json carries the mappings. Docker maps ids for every container of a daemon at once, with `userns-remap` in its daemon.json and the ranges of that user in /etc/subuid and /etc/subgid, laid end to end from container id 0; `docker run --userns host` and Compose `userns_mode: host` only opt out. On a daemon without that setting the workload runs with the host\'s ids, its root as the host\'s root.',
  fix: `Run config.json with runc, which takes the map as written. For Docker, write the maps from container id 0 upwards without gaps (\`uid-map 0 -> 100000 count 65536\`), set \`{"userns-remap": "${REMAP_USER}"}\` in /etc/docker/daemon.json with those ranges for \`${REMAP_USER}\` in /etc/subuid and /etc/subgid, and create the user (\`useradd --system ${REMAP_USER}\`); it applies to every container of that daemon.`,
  reference: { title: 'Docker documentation, Isolate containers with a user namespace', url: 'https://docs.docker.com/engine/security/userns-remap/' },
  securitySeverity: 2.0,
  tags: ['security', 'namespaces', 'portability'],
  replaces: ['W0110'],
  run: (ctx) => {
    const ns = ctx.ir.namespaces;
    if (ns.user !== 'private' || ns.uidMappings.length === 0) return [];
    const how =
      dockerCanMap(ns.uidMappings) && dockerCanMap(ns.gidMappings)
        ? `Docker gives this map on a daemon with \`{"userns-remap": "${REMAP_USER}"}\`, ${subLines('/etc/subuid', ns.uidMappings)} and ${subLines('/etc/subgid', ns.gidMappings)}`
        : 'no daemon setting gives this map, since Docker lays the ranges end to end from container id 0';
    return [{ message: `the user namespace mappings reach config.json only: Docker cannot set them for one container (${how})`, subject: 'user', region: ctx.setting('namespaces.user') }];
  },
};
