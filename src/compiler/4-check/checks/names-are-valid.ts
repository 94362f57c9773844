/**
 * Names that become file names, Compose keys, Docker object names and AppArmor profile names must be
 * plain: lower-case letters, digits, `_ . -`, starting with a letter or digit.
 */
import type { Spanned } from '../../source.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** The shape of a workload, profile or network name. */
export const NAME_RE = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
/** Docker's shape for volume names. */
const VOLUME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** The workload, AppArmor profile, network and volume names are safe names. */
export const namesAreValid: Check = {
  name: 'names-are-valid',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const check = (n: Spanned<string> | null, re: RegExp, help: string): void => {
      if (n && !re.test(n.value)) out.push(diag('E0206', n.span, { name: JSON.stringify(n.value).slice(1, -1) }, { help }));
    };
    const lower = 'use lower-case letters, digits, `_`, `.` and `-`, starting with a letter or digit';
    if (!w.name.span.file.name.startsWith('<preset:')) check(w.name, NAME_RE, lower);
    check(w.apparmorProfile, NAME_RE, lower);
    const mode = w.network.mode;
    if (mode && !['none', 'bridge', 'host'].includes(mode.value)) check(mode, NAME_RE, `a network is \`none\`, \`bridge\`, \`host\` or a network name: ${lower}`);
    for (const m of w.filesystem.mounts) if (m.kind === 'volume') check(m.source, VOLUME_RE, 'volume names are letters, digits, `_`, `.` and `-`');
    return out;
  },
};
