/**
 * The width and signedness at which the kernel reads each syscall argument on the 64-bit ABIs (x86_64
 * and aarch64), from Linux's own prototypes (generated/syscall-arg-rows.ts, written by
 * scripts/gen-data.mjs).
 *
 * seccomp compares the whole 64-bit register, but the SYSCALL_DEFINEx wrappers cast it to the declared
 * type first: an `int` argument is only its low 32 bits to the kernel, a `umode_t` its low 16. A filter
 * that compares such an argument without a mask can be walked past with the upper bits set
 * (`ioctl(fd, (1 << 32) | TIOCSTI, …)` is TIOCSTI to the kernel, but not `== TIOCSTI` to seccomp).
 *
 * The 32-bit ABIs (x86, arm) are not described: there every register is 32 bits and a 64-bit argument
 * takes two of them, so a row's indices would not even line up. x32 reaches the x86_64 entry points
 * with 64-bit registers and reads them as x86_64 does, save its few compat entry points.
 *
 * The rows are decoded on the first lookup, not at import: most compiler runs never ask.
 */
import { SYSCALL_ARG_ROWS, SYSCALL_ARG_ROWS_SOURCE } from './generated/syscall-arg-rows.js';

/** One argument as the kernel reads it on a 64-bit ABI. */
export interface ArgKind {
  /** How many low bits of the register the kernel uses. */
  readonly bits: 16 | 32 | 64;
  /** Whether the kernel reads those bits as a signed number (a pointer is unsigned). */
  readonly signed: boolean;
  /** Whether the argument is a pointer (an address in the caller's memory, 64 bits). */
  readonly pointer: boolean;
  /** The width of the declared type; more than `bits` where the kernel itself narrows it (clone's flags). */
  readonly declaredBits: 16 | 32 | 64;
}

/** The two ABIs a row can differ between (the order of clone's last two arguments, fadvise64's `len`). */
export type Abi64 = 'x86_64' | 'aarch64';

/** Where the table comes from (package, kernel version, header). */
export const SYSCALL_ARGS_SOURCE: string = SYSCALL_ARG_ROWS_SOURCE;

interface Row {
  readonly x86_64: readonly ArgKind[];
  readonly aarch64: readonly ArgKind[];
}

let rows: Map<string, Row> | undefined;

/** A kind of the generated table (`s32`, `p`, `u64>u32` …) as an ArgKind; one frozen object per spelling. */
function decodeKind(text: string, seen: Map<string, ArgKind>): ArgKind {
  const known = seen.get(text);
  if (known) return known;
  const [declared, effective = declared] = text.split('>') as [string, string?];
  const width = (k: string): 16 | 32 | 64 => {
    const n = k === 'p' ? 64 : Number(k.slice(1));
    if (n !== 16 && n !== 32 && n !== 64) throw new Error(`syscall-arg-rows: invalid kind ${text}`);
    return n;
  };
  const kind: ArgKind = Object.freeze({
    bits: width(effective!),
    signed: effective!.startsWith('s'),
    pointer: declared === 'p',
    declaredBits: width(declared),
  });
  seen.set(text, kind);
  return kind;
}

function table(): Map<string, Row> {
  if (rows) return rows;
  const seen = new Map<string, ArgKind>();
  const decode = (kinds: string): readonly ArgKind[] =>
    Object.freeze(kinds.trim() === '' ? [] : kinds.trim().split(/ +/).map((k) => decodeKind(k, seen)));
  rows = new Map();
  for (const line of SYSCALL_ARG_ROWS.trim().split('\n')) {
    const [common, arm] = line.split(' | aarch64: ') as [string, string?];
    const name = /^\S+/.exec(common)![0];
    const x86 = decode(common.slice(name.length));
    rows.set(name, { x86_64: x86, aarch64: arm === undefined ? x86 : decode(arm) });
  }
  return rows;
}

/**
 * The arguments of `name` (libseccomp's name) as the kernel reads them on `abi` (x86_64 when not given;
 * a name only one ABI has answers for that one), or undefined when secpol has no record of its
 * prototype. The ABIs differ only in where pointers and signed 64-bit values sit, never in a width.
 */
export function syscallArgs(name: string, abi: Abi64 = 'x86_64'): readonly ArgKind[] | undefined {
  return table().get(name)?.[abi];
}

/** The width in bits at which the kernel reads argument `index` (0..5) of `name`; undefined when unknown or past its last argument. */
export function argBits(name: string, index: number): 16 | 32 | 64 | undefined {
  return table().get(name)?.x86_64[index]?.bits;
}
