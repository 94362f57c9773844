/**
 * In a user namespace the workload's uid, gid and supplementary groups must be mapped: runc sets
 * them with setresuid/setresgid/setgroups inside the namespace, which fail with EINVAL for an id
 * that no mapping covers, and the container does not start.
 */
import type { IdMapAst } from '../../ast.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { DEFAULTS } from '../../data/defaults.js';
import type { Check } from '../check.js';

const covers = (maps: readonly IdMapAst[], id: number): boolean => maps.some((m) => id >= m.containerId.value && id - m.containerId.value < m.size.value);

/** With a private user namespace and its mappings, every id the workload runs as is mapped. */
export const userIsMapped: Check = {
  name: 'user-is-mapped',
  run: ({ workload: w }) => {
    const uidMaps = w.idMaps.uid;
    if (w.namespaces.user?.value !== 'private' || uidMaps.length === 0) return [];
    // gid-map defaults to the uid mappings (docs/language.md).
    const gidMaps = w.idMaps.gid.length > 0 ? w.idMaps.gid : uidMaps;
    const user = w.user?.value ?? DEFAULTS.user;
    const at = w.user?.span ?? w.namespaces.user.span;
    const out: Diagnostic[] = [];
    const ranges = (maps: readonly IdMapAst[]): string => maps.filter((m) => m.size.value > 0).map((m) => `${m.containerId.value}–${m.containerId.value + m.size.value - 1}`).join(', ');
    const help = (kind: 'uid' | 'gid', id: number, maps: readonly IdMapAst[]) =>
      `the ${kind} mappings cover container ${kind}s ${ranges(maps)}: map ${id} with \`${kind}-map\`${w.user ? ', or change the user' : ` (without \`user\`, the workload runs as ${DEFAULTS.user.uid}:${DEFAULTS.user.gid})`}`;
    if (!covers(uidMaps, user.uid)) out.push(diag('E0410', at, { what: 'uid', id: user.uid }, { help: help('uid', user.uid, uidMaps) }));
    if (!covers(gidMaps, user.gid)) out.push(diag('E0410', at, { what: 'gid', id: user.gid }, { help: help('gid', user.gid, gidMaps) }));
    for (const g of w.groups) if (!covers(gidMaps, g.value)) out.push(diag('E0410', g.span, { what: 'group', id: g.value }, { help: help('gid', g.value, gidMaps) }));
    return out;
  },
};
