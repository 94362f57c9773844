/**
 * Syscall numbers back to names, per ABI, through secpol's own table (libseccomp's): what a recorder
 * reports as a number (an audit record's `syscall=`, strace's `syscall_0x1b6`) means what runc and
 * the emitted profiles mean by it.
 */
import type { Arch } from '../compiler/ir.js';
import { KNOWN_ARCHES } from '../compiler/data/arches.js';
import { ALL_SYSCALL_NAMES, syscallNumber, X32_SYSCALL_BIT } from '../compiler/data/syscall-table.js';

let byNumber: Map<Arch, Map<number, string>> | undefined;

/** The name of syscall `n` on `arch` (x32: with or without X32_SYSCALL_BIT), or undefined when the table has none. */
export function syscallName(arch: Arch, n: number): string | undefined {
  if (!byNumber) {
    byNumber = new Map(KNOWN_ARCHES.map((a) => [a, new Map<number, string>()]));
    for (const name of ALL_SYSCALL_NAMES)
      for (const a of KNOWN_ARCHES) {
        const k = syscallNumber(name, a);
        // Two names for one number (aliases): the first in sorted order, so the answer is stable.
        if (k !== undefined && !byNumber.get(a)!.has(k)) byNumber.get(a)!.set(k, name);
      }
  }
  return byNumber.get(arch)!.get(arch === 'x32' ? n & ~X32_SYSCALL_BIT : n);
}

/** AUDIT_ARCH_* values (include/uapi/linux/audit.h) of the ABIs secpol targets, as the kernel prints them in `arch=`. */
export const AUDIT_ARCHES: ReadonlyMap<string, Arch> = new Map([
  ['c000003e', 'x86_64'],
  ['40000003', 'x86'],
  ['c00000b7', 'aarch64'],
  ['40000028', 'arm'],
]);
