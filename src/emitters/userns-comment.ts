/**
 * The comment line compose.yaml and docker-run.txt carry for a workload with a private user
 * namespace: Docker cannot set id mappings for one container (a daemon remaps all of its
 * containers with `userns-remap`; `--userns host` and `userns_mode: host` only opt out), so the
 * artifact says what the policy asks for and where Docker's equivalent lives. The advisory rule
 * SPL207 (formerly the warning W0110, the code this comment still names) gives the daemon settings in full.
 */
import type { IdMapping, PolicyIR } from '../compiler/ir.js';
import { expectInteger } from './quote.js';

const ranges = (emitter: string, kind: string, maps: readonly IdMapping[]): string =>
  maps
    .map((m) => `${kind} ${expectInteger(emitter, 'container id', m.containerId, 0)} -> ${expectInteger(emitter, 'host id', m.hostId, 0)} count ${expectInteger(emitter, 'id count', m.size, 1)}`)
    .join(', ');

/** `# …` plus a newline, or '' without a private user namespace. Only numbers reach the text. */
export function usernsComment(emitter: string, ir: PolicyIR): string {
  const ns = ir.namespaces;
  if (ns.user !== 'private') return '';
  return (
    `# user namespace: the policy maps ${ranges(emitter, 'uid', ns.uidMappings)}; ${ranges(emitter, 'gid', ns.gidMappings)}. ` +
    'Docker cannot map ids for one container: run it on a daemon with "userns-remap" in daemon.json (secpol warning W0110 gives the setting).\n'
  );
}
