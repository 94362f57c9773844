/**
 * Syscall names and numbers per target architecture, as libseccomp has them (runc, crun and Docker all
 * resolve names through libseccomp, so its table is the one that decides what a profile's name means).
 *
 * The rows are one committed string (generated/syscall-rows.ts), decoded once at import: a few hundred
 * short lines split faster than V8 parses an object literal of ~2,400 keys, and the string diffs one
 * syscall per line when libseccomp is updated.
 */
import type { Arch } from '../ir.js';
import { SYSCALL_ROWS, SYSCALL_ROW_ARCHES, SYSCALL_ROWS_VERSION } from './generated/syscall-rows.js';

/**
 * The bit the kernel sets in every x32 syscall number (arch/x86/include/uapi/asm/unistd.h
 * `__X32_SYSCALL_BIT`). syscallNumber(…, 'x32') returns the table value WITHOUT it, as
 * libseccomp's syscalls.csv lists it; libseccomp ORs it in when it builds a filter, and so does
 * `scmp_sys_resolver -a x32`. Only code that computes raw BPF for x32 needs to add it.
 */
export const X32_SYSCALL_BIT = 0x40000000;

/** The libseccomp release and the kernel version its syscall table was generated from. */
export const SYSCALL_TABLE_VERSION: string = SYSCALL_ROWS_VERSION;

const index = new Map<string, number>();
const names: string[] = [];
const numbers = new Map<Arch, Int32Array>();

{
  const lines = SYSCALL_ROWS.trim().split('\n');
  const columns = SYSCALL_ROW_ARCHES.map((arch) => {
    const col = new Int32Array(lines.length);
    numbers.set(arch, col);
    return col;
  });
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i]!.split(/ +/);
    names.push(cells[0]!);
    index.set(cells[0]!, i);
    for (let c = 0; c < columns.length; c++) {
      const cell = cells[c + 1]!;
      columns[c]![i] = cell === '-' ? -1 : Number(cell);
    }
  }
}

/** Every syscall name that exists on at least one of the five architectures, sorted (code-unit order). */
export const ALL_SYSCALL_NAMES: readonly string[] = Object.freeze(names);

/** The position of `name` in ALL_SYSCALL_NAMES, or undefined for a name in no table: a dense key for per-syscall arrays. */
export function syscallIndex(name: string): number | undefined {
  return index.get(name);
}

/** Whether the syscall at position `i` of ALL_SYSCALL_NAMES exists on `arch`. */
export function syscallIndexExists(i: number, arch: Arch): boolean {
  return numbers.get(arch)![i]! >= 0;
}

/** The number of `name` on `arch` (x32: without X32_SYSCALL_BIT), or undefined when it does not exist there. */
export function syscallNumber(name: string, arch: Arch): number | undefined {
  const i = index.get(name);
  if (i === undefined) return undefined;
  const n = numbers.get(arch)![i]!;
  return n < 0 ? undefined : n;
}

/** Whether `name` is a syscall on `arch`. */
export function syscallExists(name: string, arch: Arch): boolean {
  return syscallNumber(name, arch) !== undefined;
}
