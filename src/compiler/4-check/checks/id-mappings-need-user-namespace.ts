/**
 * Id mappings and a private user namespace come together. runc refuses a user namespace without a
 * uid mapping ("user namespaces enabled, but no uid mappings found"), and the runtime-spec gives
 * mappings no meaning without one.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** `uid-map`/`gid-map` only with `user private`, and `user private` only with a `uid-map`. */
export const idMappingsNeedUserNamespace: Check = {
  name: 'id-mappings-need-user-namespace',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const user = w.namespaces.user;
    const maps = [...w.idMaps.uid, ...w.idMaps.gid];
    if (user?.value === 'private') {
      if (w.idMaps.uid.length === 0)
        out.push(
          diag('E0409', user.span, { problem: 'a private user namespace needs a `uid-map`' }, { help: 'map the container\'s ids to unused host ids, e.g. `uid-map 0 -> 100000 count 65536` (gid-map defaults to the same)' }),
        );
    } else if (user === null || user.value === 'host')
      for (const m of maps)
        out.push(
          diag('E0409', m.span, { problem: `\`${m.kind}-map\` needs a private user namespace` }, {
            help: 'write `user private` in the `namespaces { … }` block',
            ...(user ? { labels: [{ span: user.span, message: 'the host user namespace is chosen here' }] } : {}),
          }),
        );
    return out;
  },
};
