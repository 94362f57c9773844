/**
 * Each range of a user namespace map is one the kernel accepts (user_namespaces(7), and
 * kernel/user_namespace.c `map_write`): at least one id, no id past 4294967294 on either side
 * (ids are 32-bit and 4294967295 is `(uid_t)-1`, "no id"), and at most 340 ranges per map.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** The largest id a mapping may cover. */
export const MAX_ID = 2 ** 32 - 2;
/** The kernel's limit on the lines of one uid_map or gid_map (since Linux 4.15). */
export const MAX_RANGES = 340;

/** Every mapping covers 1 or more ids, all within 0–4294967294; a map has at most 340 ranges. */
export const idMappingsAreInRange: Check = {
  name: 'id-mappings-are-in-range',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const maps of [w.idMaps.uid, w.idMaps.gid]) {
      for (const m of maps) {
        const what = `${m.kind}-map`;
        if (m.size.value === 0) {
          out.push(diag('E0506', m.size.span, { what: `the \`${what}\` count`, why: 'is 0: a mapping covers at least one id' }));
          continue;
        }
        for (const [side, id] of [['container', m.containerId], ['host', m.hostId]] as const) {
          const last = id.value + m.size.value - 1;
          if (last > MAX_ID)
            out.push(
              diag('E0506', id.span, { what: `the \`${what}\` range`, why: `reaches ${side} id ${last}, past the largest id, ${MAX_ID}` }, { help: `start lower or map fewer ids: from ${id.value}, at most ${Math.max(0, MAX_ID - id.value + 1)}` }),
            );
        }
      }
      if (maps.length > MAX_RANGES) out.push(diag('E0506', maps[MAX_RANGES]!.span, { what: `the \`${maps[0]!.kind}-map\` list`, why: `has ${maps.length} ranges; the kernel takes at most ${MAX_RANGES}` }));
    }
    return out;
  },
};
