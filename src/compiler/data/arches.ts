/**
 * Target architectures: what `arch` may name, which 64-bit architecture each 32-bit companion
 * belongs to, and the default when a policy says nothing. Read by the checks (E0307 and the target
 * architectures every check sees), the lowering (the IR's `architectures` and `primaryArches`),
 * `secpol lint` (SPL502, SPL510) and `explain`. The seccomp emitters keep their own `PRIMARY_OF`
 * (they may import only the IR, which does not carry the pairing); test/data/arches.test.ts holds
 * the two equal.
 */
import type { Arch } from '../ir.js';

/** The architectures a policy may name, in canonical order: each 64-bit one followed by its companions. */
export const KNOWN_ARCHES: readonly Arch[] = ['x86_64', 'x86', 'x32', 'aarch64', 'arm'];

/** The 64-bit architecture a 32-bit companion runs under (the kernel's compat ABI). */
export const COMPANION_OF: Readonly<Partial<Record<Arch, Arch>>> = { x86: 'x86_64', x32: 'x86_64', arm: 'aarch64' };

/** x86_64 and aarch64, without 32-bit companions: a 32-bit program is refused unless the policy names one. */
export const DEFAULT_ARCHES: readonly Arch[] = ['x86_64', 'aarch64'];

/** The part of a workload `targetArches` reads, its `arch` statement, typed here so data/ needs no AST. */
export interface ArchStatement {
  readonly arch: { readonly value: readonly { readonly value: string }[] } | null;
}

/** The declared architectures in canonical order (each primary followed by its companions), or the default. */
export function targetArches(w: ArchStatement): Arch[] {
  if (!w.arch) return [...DEFAULT_ARCHES];
  const named = new Set(w.arch.value.map((a) => a.value).filter((a): a is Arch => (KNOWN_ARCHES as readonly string[]).includes(a)));
  for (const a of [...named]) {
    const primary = COMPANION_OF[a];
    if (primary) named.add(primary);
  }
  return KNOWN_ARCHES.filter((a) => named.has(a));
}
