/**
 * The ranges of one user namespace map are disjoint on both sides: the kernel refuses a uid_map or
 * gid_map whose ranges share a container id or a host id (kernel/user_namespace.c
 * `mappings_overlap`), so runc would fail to start the container.
 */
import type { IdMapAst } from '../../ast.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

const overlaps = (a: number, aSize: number, b: number, bSize: number): boolean => a < b + bSize && b < a + aSize;
const text = (m: IdMapAst): string => `${m.containerId.value} -> ${m.hostId.value} count ${m.size.value}`;

/** No two `uid-map` (or `gid-map`) ranges share a container id or a host id. */
export const idMappingsDoNotOverlap: Check = {
  name: 'id-mappings-do-not-overlap',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const maps of [w.idMaps.uid, w.idMaps.gid])
      maps.forEach((m, i) => {
        // Reported once, at the later range, against the first one it overlaps.
        for (const side of ['container', 'host'] as const) {
          const id = (x: IdMapAst) => (side === 'container' ? x.containerId.value : x.hostId.value);
          const earlier = maps.slice(0, i).find((e) => overlaps(id(e), e.size.value, id(m), m.size.value));
          if (earlier) {
            out.push(diag('E0408', m.span, { kind: m.kind, side, other: text(earlier) }, { labels: [{ span: earlier.span, message: 'the range it overlaps' }] }));
            break;
          }
        }
      });
    return out;
  },
};
