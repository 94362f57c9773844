/**
 * `join` and `mode` both say where the workload's network namespace is attached. `mode none` and
 * `mode host` leave nothing to join (Docker refuses to connect such a container to a network), and
 * `mode bridge` or `mode NAME` name a network the policy does not describe, so a policy says one or
 * the other. (A base's mode and a child's `join` do not clash: the most specific file wins.)
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** A workload has a network mode or joins networks, not both. */
export const joinExcludesMode: Check = {
  name: 'join-excludes-mode',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const mode = w.network.mode;
    const first = w.network.joins[0];
    if (!mode || !first) return out;
    const help =
      mode.value === 'none' || mode.value === 'host'
        ? `remove \`mode ${mode.value}\` to join the networks, or the \`join\` lines to keep the mode`
        : mode.value === 'bridge'
          ? 'remove `mode bridge`: a workload that joins networks is attached to exactly those'
          : `to attach to \`${mode.value}\` as well, write \`join ${mode.value}\` and remove the mode`;
    out.push(diag('E0499', mode.span, { mode: mode.value }, { labels: [{ span: first.span, message: 'networks joined here' }], help }));
    return out;
  },
};
