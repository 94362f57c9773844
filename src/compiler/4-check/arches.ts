/**
 * Target architectures: what `arch` may name, which 64-bit architecture each 32-bit companion
 * belongs to, and the default when a policy says nothing.
 */
import type { WorkloadAst } from '../ast.js';
import type { Arch } from '../ir.js';

/** The architectures a policy may name. */
export const KNOWN_ARCHES: readonly Arch[] = ['x86_64', 'x86', 'x32', 'aarch64', 'arm'];

/** The 64-bit architecture a 32-bit companion runs under (the kernel's compat ABI). */
export const COMPANION_OF: Readonly<Partial<Record<Arch, Arch>>> = { x86: 'x86_64', x32: 'x86_64', arm: 'aarch64' };

/** x86_64 and aarch64, without 32-bit companions: a 32-bit program is refused unless the policy names one. */
export const DEFAULT_ARCHES: readonly Arch[] = ['x86_64', 'aarch64'];

/** The declared architectures in canonical order (each primary followed by its companions), or the default. */
export function targetArches(w: WorkloadAst): Arch[] {
  if (!w.arch) return [...DEFAULT_ARCHES];
  const named = new Set(w.arch.value.map((a) => a.value).filter((a): a is Arch => (KNOWN_ARCHES as readonly string[]).includes(a)));
  for (const a of [...named]) {
    const primary = COMPANION_OF[a];
    if (primary) named.add(primary);
  }
  const order: Arch[] = ['x86_64', 'x86', 'x32', 'aarch64', 'arm'];
  return order.filter((a) => named.has(a));
}
