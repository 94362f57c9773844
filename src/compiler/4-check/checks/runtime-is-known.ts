/**
 * `runtime NAME` names one of the OCI runtimes secpol knows how to describe. Docker runs whatever its
 * daemon registered under the name (`--runtime NAME`), so a misspelt name would only fail on the host;
 * here it fails at the word, with the runtime's other common names recognised.
 */
import { diag } from '../../diagnostics/diagnostic.js';
import { suggest } from '../../diagnostics/suggest.js';
import type { RuntimeName } from '../../ir.js';
import type { Check } from '../check.js';

/** The runtimes a policy may name, in the order the docs list them. */
export const RUNTIMES: readonly RuntimeName[] = ['runc', 'crun', 'runsc', 'kata'];

/** Other names users write for them: projects, binaries and containerd shims. */
const ALIASES: Readonly<Record<string, RuntimeName>> = {
  gvisor: 'runsc',
  'io.containerd.runsc.v1': 'runsc',
  'kata-runtime': 'kata',
  'kata-containers': 'kata',
  'kata-qemu': 'kata',
  'io.containerd.kata.v2': 'kata',
  'io.containerd.runc.v2': 'runc',
};

/** The runtime is `runc`, `crun`, `runsc` or `kata`. */
export const runtimeIsKnown: Check = {
  name: 'runtime-is-known',
  run: ({ workload: w }) => {
    const r = w.runtime;
    if (!r || (RUNTIMES as readonly string[]).includes(r.value)) return [];
    const alias = ALIASES[r.value.toLowerCase()];
    const guess = alias ?? suggest(r.value.toLowerCase(), RUNTIMES);
    return [
      diag(
        'E0210',
        r.span,
        { text: r.value, what: 'runtime', choices: RUNTIMES.map((n) => `\`${n}\``).join(', ') },
        guess ? { suggestion: guess, ...(alias ? { help: `secpol calls it \`${alias}\`; register it in the daemon under that name` } : {}) } : {},
      ),
    ];
  },
};
