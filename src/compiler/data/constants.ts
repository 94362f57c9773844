/**
 * Named constants a policy may write in a syscall argument condition (`socket domain AF_INET`,
 * `clone flags has CLONE_NEWUSER`), read from the kernel UAPI and libc headers by
 * scripts/gen-data.mjs into generated/constant-rows.ts.
 *
 * Nearly all of them are equal on the five target architectures, because x86, arm and arm64 take these
 * headers from asm-generic. The exceptions are O_DIRECT, O_DIRECTORY, O_NOFOLLOW and O_TMPFILE,
 * which arm and arm64 define differently (arch/arm{,64}/include/uapi/asm/fcntl.h); they resolve only
 * for a given architecture, so a rule that uses them must be lowered per architecture.
 */
import type { Arch } from '../ir.js';
import { CONSTANT_ROWS, type PerArch } from './generated/constant-rows.js';

/**
 * Constants no UAPI or libc header exports, kept by hand: SOCK_TYPE_MASK is the kernel's own
 * (include/linux/net.h), the bits of socket(2)'s type argument that hold the type, below
 * SOCK_NONBLOCK and SOCK_CLOEXEC (`arg1 & SOCK_TYPE_MASK == SOCK_STREAM`).
 */
const KERNEL_CONSTANTS: readonly (readonly [string, number])[] = [['SOCK_TYPE_MASK', 0xf]];

const values = new Map<string, number | PerArch>([...CONSTANT_ROWS.map(([name, value]) => [name, value] as const), ...KERNEL_CONSTANTS]);

/** Every constant name, sorted (code-unit order). Names are case-sensitive, as in C (`AF_DECnet`). */
export const CONSTANT_NAMES: readonly string[] = Object.freeze([...values.keys()].sort());

/**
 * The value of the constant `name` on `arch`. Without `arch`, only constants that are equal on all
 * five architectures resolve; the others give undefined (they are still in CONSTANT_NAMES).
 */
export function constantValue(name: string, arch?: Arch): number | undefined {
  const v = values.get(name);
  if (typeof v === 'number' || v === undefined) return v;
  return arch === undefined ? undefined : v[arch];
}
