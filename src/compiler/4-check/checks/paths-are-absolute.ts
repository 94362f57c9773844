/** Every path in a policy is absolute: a relative path would mean something different to each engine. */
import type { Spanned } from '../../source.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { WorkloadAst } from '../../ast.js';
import type { Check } from '../check.js';

/** Every path of a workload with what it is, for the path checks. */
export function allPaths(w: WorkloadAst): { path: Spanned<string>; kind: 'mount' | 'host' | 'rule' | 'workdir' }[] {
  return [
    ...(w.workdir ? [{ path: w.workdir, kind: 'workdir' as const }] : []),
    ...w.filesystem.tmpfs.map((t) => ({ path: t.target, kind: 'mount' as const })),
    ...w.filesystem.mounts.flatMap((m) => [{ path: m.target, kind: 'mount' as const }, ...(m.kind === 'bind' ? [{ path: m.source, kind: 'host' as const }] : [])]),
    ...w.filesystem.paths.map((p) => ({ path: p.path, kind: 'rule' as const })),
  ];
}

/** Paths start with `/`. */
export const pathsAreAbsolute: Check = {
  name: 'paths-are-absolute',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const { path } of allPaths(w))
      if (!path.value.startsWith('/')) out.push(diag('E0501', path.span, { path: path.value }, { help: `write it from the root: \`/${path.value.replace(/^\.?\/*/, '')}\`` }));
    return out;
  },
};
