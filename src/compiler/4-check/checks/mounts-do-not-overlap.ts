/**
 * No two mounts share a target or nest: the result of overlapping mounts depends on the order each
 * engine mounts them in, so the artifacts would not agree.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

const norm = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);
const inside = (a: string, b: string): boolean => a === b || a.startsWith(b === '/' ? '/' : b + '/');
// Code-unit order: the same on every machine, and free (localeCompare loads ICU's collator, ~15 ms at start).
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** tmpfs, volume and bind targets are pairwise disjoint. */
export const mountsDoNotOverlap: Check = {
  name: 'mounts-do-not-overlap',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const targets = [...w.filesystem.tmpfs.map((t) => t.target), ...w.filesystem.mounts.map((m) => m.target)].filter((t) => t.value.startsWith('/')).sort((a, b) => byCodeUnits(a.span.file.name, b.span.file.name) || a.span.start - b.span.start);
    for (let i = 0; i < targets.length; i++)
      for (let j = 0; j < i; j++) {
        const a = targets[i]!;
        const b = targets[j]!;
        if (inside(norm(a.value), norm(b.value)) || inside(norm(b.value), norm(a.value))) {
          out.push(diag('E0405', a.span, { target: a.value, other: b.value }, { labels: [{ span: b.span, message: 'the other mount' }] }));
          break;
        }
      }
    return out;
  },
};
