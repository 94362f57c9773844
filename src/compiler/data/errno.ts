/**
 * errno names and numbers of the generic Linux ABI (asm-generic/errno-base.h and errno.h), which all
 * five target architectures use, for `deny … with EPERM`-style actions. From generated/errno-rows.ts.
 */
import { ERRNO_ROWS } from './generated/errno-rows.js';

const numberOf = new Map(ERRNO_ROWS.map(([name, value]) => [name, value]));
const nameOf = new Map(ERRNO_ROWS.filter((r) => r[2] === undefined).map(([name, value]) => [value, name]));

/** Every errno name, aliases included (EWOULDBLOCK, EDEADLOCK, ENOTSUP), sorted. */
export const ERRNO_NAMES: readonly string[] = Object.freeze([...numberOf.keys()].sort());

/** The number of the errno `name` (upper case, as in C), or undefined. */
export function errnoNumber(name: string): number | undefined {
  return numberOf.get(name);
}

/** The primary name of errno number `n` (11 → EAGAIN, not EWOULDBLOCK), or undefined. */
export function errnoName(n: number): string | undefined {
  return nameOf.get(n);
}

/** An errno written as a name or a number (1–4095), or undefined. */
export function resolveErrno(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= 4095 ? n : undefined;
  }
  return errnoNumber(text);
}
