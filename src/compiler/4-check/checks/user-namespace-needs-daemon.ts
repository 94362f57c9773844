/**
 * Docker cannot give one container its own id mappings: a daemon remaps every container at once
 * with `userns-remap` in daemon.json, taking the ranges of the named user from /etc/subuid and
 * /etc/subgid, in file order, from container id 0 upwards (moby `idtools`). `--userns host` and
 * Compose `userns_mode: host` only opt out. The warning gives the settings that reproduce the
 * policy's map, or says why none can.
 */
import type { IdMapAst } from '../../ast.js';
import { diag } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** The user the help names in daemon.json, /etc/subuid and /etc/subgid. */
export const REMAP_USER = 'secpol';

/** Whether Docker's map (ranges laid end to end from container id 0) can equal `maps`. */
function dockerCanMap(maps: readonly IdMapAst[]): boolean {
  let next = 0;
  for (const m of [...maps].sort((a, b) => a.containerId.value - b.containerId.value)) {
    if (m.containerId.value !== next) return false;
    next += m.size.value;
  }
  return true;
}

const subLines = (file: string, maps: readonly IdMapAst[]): string =>
  `${file}: ${[...maps].sort((a, b) => a.containerId.value - b.containerId.value).map((m) => `\`${REMAP_USER}:${m.hostId.value}:${m.size.value}\``).join(', ')}`;

/** Warns that a private user namespace reaches Docker only through the daemon's `userns-remap`. */
export const userNamespaceNeedsDaemon: Check = {
  name: 'user-namespace-needs-daemon',
  run: ({ workload: w }) => {
    const user = w.namespaces.user;
    const uid = w.idMaps.uid;
    if (user?.value !== 'private' || uid.length === 0) return [];
    const gid = w.idMaps.gid.length > 0 ? w.idMaps.gid : uid;
    if (!dockerCanMap(uid) || !dockerCanMap(gid)) {
      // A setting that maps other ids than the policy's would leave the workload's own uid unmapped.
      return [
        diag('W0110', user.span, {}, {
          help: 'run config.json with runc, which takes the map as written; for Docker, write the maps from container id 0 upwards without gaps (e.g. `uid-map 0 -> 100000 count 65536`)',
          notes: ['Docker lays the ranges end to end from container id 0, so no daemon setting gives exactly this map'],
        }),
      ];
    }
    const setting = `for Docker, set \`{"userns-remap": "${REMAP_USER}"}\` in /etc/docker/daemon.json with ${subLines('/etc/subuid', uid)} and ${subLines('/etc/subgid', gid)}, and create the user (\`useradd --system ${REMAP_USER}\`: dockerd refuses to start when it does not exist); it applies to every container of that daemon`;
    return [diag('W0110', user.span, {}, { help: setting, notes: [] })];
  },
};
