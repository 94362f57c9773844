/**
 * The parts of an SELinux label are written separately and joined by the emitters into
 * `user:role:type:level` (config.json) or `label=type:T` (Docker, which splits at the first `:`).
 * A part holding `:` would move the rest of the label into the next field, so each part has the
 * strict shape of its kind: identifiers for user, role and type, an MLS/MCS level for the level.
 * The `relabel` option of a mount is `shared` or `private` (Docker's `z` and `Z`).
 */
import type { Spanned } from '../../source.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { suggest } from '../../diagnostics/suggest.js';
import type { Check } from '../check.js';

/** An SELinux identifier (user, role, type), as the policy language writes them. */
export const SELINUX_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Sensitivity s0–s15, then optionally categories c0–c1023 joined by `,` (a list) or `.` (a range). */
const SENSITIVITY = 's(?:[0-9]|1[0-5])';
const CATEGORY = 'c(?:[0-9]{1,3}|10[01][0-9]|102[0-3])';
const LEVEL = `${SENSITIVITY}(?::${CATEGORY}(?:[.,]${CATEGORY})*)?`;
/** A level, or a range `LOW-HIGH` of two levels. */
export const SELINUX_LEVEL_RE = new RegExp(`^${LEVEL}(?:-${LEVEL})?$`);

const show = (s: string): string => JSON.stringify(s).slice(1, -1);

/** SELinux label parts have their shapes; relabel modes are known words. */
export const selinuxLabelsAreWellFormed: Check = {
  name: 'selinux-labels-are-well-formed',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const name = (v: Spanned<string> | null, part: 'user' | 'role' | 'type', example: string): void => {
      if (!v || SELINUX_NAME_RE.test(v.value)) return;
      // eslint-disable-next-line no-control-regex
      const why = /[\u0000-\u001f\u007f]/.test(v.value)
        ? `a ${part} may not contain control characters such as newlines`
        : v.value.includes(':')
        ? `a ${part} is one part of the label and may not contain \`:\``
        : `a ${part} is letters, digits and \`_\`, starting with a letter`;
      out.push(diag('E0507', v.span, { part, text: show(v.value), why }, { help: `write each part on its own line, e.g. \`${part} ${example}\`` }));
    };
    const s = w.selinux;
    if (s) {
      name(s.user, 'user', 'system_u');
      name(s.role, 'role', 'system_r');
      name(s.type, 'type', 'container_t');
      if (s.level && !SELINUX_LEVEL_RE.test(s.level.value))
        out.push(
          diag('E0507', s.level.span, { part: 'level', text: show(s.level.value), why: 'a level is a sensitivity `s0`–`s15` with optional categories `c0`–`c1023`' }, { help: 'e.g. `level "s0:c100,c200"` (quoted: `,` separates list items outside quotes)' }),
        );
    }
    for (const m of w.filesystem.mounts) {
      const r = m.relabel;
      if (!r || r.value === 'shared' || r.value === 'private') continue;
      const alias = r.value === 'z' ? 'shared' : r.value === 'Z' ? 'private' : undefined;
      const guess = alias ?? suggest(r.value, ['shared', 'private']);
      out.push(
        diag(
          'E0210',
          r.span,
          { text: r.value, what: 'relabel mode', choices: '`shared` (Docker\'s `z`) or `private` (Docker\'s `Z`)' },
          guess ? { suggestion: guess, ...(alias ? { help: `secpol writes Docker's \`${r.value}\` as \`relabel ${alias}\`` } : {}) } : {},
        ),
      );
    }
    return out;
  },
};
