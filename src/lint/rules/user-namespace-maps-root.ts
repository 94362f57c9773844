/** A user namespace protects the host only as far as its id map keeps host root out of it. */
import { firstSettingOrigin } from '../../compiler/ir-query.js';
import { man, type LintRule, type RuleFinding } from '../rule.js';

/** SPL206: a `uid-map` or `gid-map` range that reaches host id 0. */
export const userNamespaceMapsRoot: LintRule = {
  id: 'SPL206',
  name: 'user-namespace-maps-root',
  severity: 'error',
  summary: 'The user namespace maps an id of the container to host root (id 0).',
  rationale: 'A user namespace makes container root an unprivileged host user; a map that sends a container id to host uid or gid 0 undoes that for the processes that run as it (with `0 -> 0`, container root is host root again), and files it creates on a mount belong to host root.',
  fix: 'Map the container\'s ids to an unused host range, e.g. `uid-map 0 -> 100000 count 65536`, the range /etc/subuid gives the engine.',
  reference: man('user_namespaces', 7, 'user and group ID mappings'),
  securitySeverity: 8.0,
  tags: ['security', 'namespaces'],
  run: (ctx) => {
    if (ctx.ir.namespaces.user !== 'private') return [];
    const out: RuleFinding[] = [];
    for (const kind of ['uid', 'gid'] as const) {
      const maps = kind === 'uid' ? ctx.ir.namespaces.uidMappings : ctx.ir.namespaces.gidMappings;
      const m = maps.find((x) => x.hostId === 0);
      if (!m) continue; // the IR's ranges are sorted and disjoint: only a range starting at host 0 reaches it
      const written = firstSettingOrigin(ctx.ir, `${kind}-map`, '0') ?? (kind === 'gid' ? firstSettingOrigin(ctx.ir, 'uid-map', '0') : null);
      out.push({
        message: `${kind === 'uid' ? 'uid' : 'gid'} ${m.containerId} in the container is host ${kind} 0 (root)${m.containerId === 0 ? ': container root is host root' : ''}`,
        subject: `${kind}-map`,
        region: ctx.at(written),
      });
    }
    return out;
  },
};
