/**
 * Paths carry no syntax into any artifact. AppArmor reads `{ } [ ] ^` as pattern syntax and `"`, `\`
 * and control characters could end a rule; Docker's `--tmpfs` and `--mount` split on `:` and `,`.
 * `.` and `..` components would let a rule name something other than it says.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';
import { allPaths } from './paths-are-absolute.js';
import { MAX_PATH_BYTES, MAX_PATH_COMPONENT_BYTES } from '../../limits.js';

const encoder = new TextEncoder();

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f"\\{}[\]^#]/;

/** Why a path is malformed, or null. `kind` says where it is used. */
export function pathProblem(p: string, kind: 'mount' | 'host' | 'rule' | 'workdir'): string | null {
  const bad = FORBIDDEN.exec(p);
  if (bad) return `the character ${JSON.stringify(bad[0])} is not allowed in a path`;
  const bytes = (x: string): number => encoder.encode(x).length;
  if (p.length > MAX_PATH_BYTES / 3 && bytes(p) > MAX_PATH_BYTES) return `it is longer than the kernel's ${MAX_PATH_BYTES} bytes a path (PATH_MAX)`;
  const parts = p.split('/').slice(1);
  if (parts.some((c) => c.length > MAX_PATH_COMPONENT_BYTES / 3 && bytes(c) > MAX_PATH_COMPONENT_BYTES)) return `a component is longer than the kernel's ${MAX_PATH_COMPONENT_BYTES} bytes (NAME_MAX)`;
  if (parts.slice(0, -1).some((c) => c === '') || (p.length > 1 && parts.length > 1 && parts[parts.length - 1] === '' && p.endsWith('//'))) return 'empty path component (`//`)';
  if (parts.some((c) => c === '.' || c === '..')) return '`.` and `..` components are not allowed';
  if (kind !== 'rule' && /[*?]/.test(p)) return 'globs are only allowed in read, write, exec and deny rules';
  if ((kind === 'mount' || kind === 'host') && /[,:]/.test(p)) return 'mount paths may not contain `,` or `:` (Docker\'s mount syntax uses them)';
  if (kind === 'rule' && /\*\*\*/.test(p)) return 'use `**` for any depth';
  return null;
}

/** Paths have no forbidden characters, no `.`/`..` components, and globs only where globs mean something. */
export const pathsAreWellFormed: Check = {
  name: 'paths-are-well-formed',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const { path, kind } of allPaths(w)) {
      if (!path.value.startsWith('/')) continue; // paths-are-absolute reports it
      const why = pathProblem(path.value, kind);
      if (why) out.push(diag('E0502', path.span, { path: JSON.stringify(path.value).slice(1, -1), why }));
    }
    return out;
  },
};
