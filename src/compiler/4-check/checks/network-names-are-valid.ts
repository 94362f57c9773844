/**
 * A joined network's name becomes a Docker network name, a Compose key and a word of a shell line,
 * so it has the plain shape of every other name. Docker keeps `none`, `host` and `bridge` for its
 * network modes (it refuses to create networks by those names), and Compose `default` for the
 * project's own network: they are modes, never networks a policy can join or make internal.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';
import { NAME_RE } from './names-are-valid.js';

/** Names Docker or Compose keep for themselves. */
const RESERVED = ['none', 'host', 'bridge', 'default'] as const;

/** The nearest plain name to `text` (`Back End` → `back-end`), or null when there is none. */
function plainName(text: string): string | null {
  const n = text
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63);
  return NAME_RE.test(n) && n !== text ? n : null;
}

/** Every `join` names a network by a plain name that is not one of the engine's modes. */
export const networkNamesAreValid: Check = {
  name: 'network-names-are-valid',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const j of w.network.joins) {
      const name = j.name.value;
      if ((RESERVED as readonly string[]).includes(name)) {
        const help = name === 'default' ? 'give the network a name of its own, e.g. `join backend`' : `write \`mode ${name}\` instead of joining it`;
        out.push(diag('E0399', j.name.span, { name }, { help }));
      } else if (!NAME_RE.test(name)) {
        const suggestion = plainName(name);
        const help = 'network names are lower-case letters, digits, `_`, `.` and `-`, starting with a letter or digit, at most 63 characters';
        out.push(diag('E0206', j.name.span, { name: JSON.stringify(name).slice(1, -1) }, suggestion ? { suggestion, help: `${help}: did you mean \`${suggestion}\`?` } : { help }));
      }
    }
    return out;
  },
};
