/**
 * Host paths that give a container control of the host: a container engine's socket, the host root,
 * and the host trees of data/host-paths.ts (the list `secpol lint` reads too).
 */
import { ENGINE_SOCKETS, sensitiveTreeOf } from '../../data/host-paths.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Warns for binds of engine sockets and sensitive host trees. */
export const sensitiveBindMounts: Check = {
  name: 'sensitive-bind-mounts',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const m of w.filesystem.mounts) {
      if (m.kind !== 'bind') continue;
      const p = m.source.value.length > 1 ? m.source.value.replace(/\/+$/, '') : m.source.value;
      if (ENGINE_SOCKETS.includes(p)) out.push(diag('W0104', m.source.span, { path: p, why: 'gives the workload full control of the host through the container engine' }));
      else if (p === '/') out.push(diag('W0104', m.source.span, { path: p, why: 'exposes the whole host file system' }));
      else {
        const tree = sensitiveTreeOf(p);
        if (tree) out.push(diag('W0104', m.source.span, { path: p, why: `exposes the host's ${tree}${m.readonly ? '' : ', writable'}` }));
      }
    }
    return out;
  },
};
