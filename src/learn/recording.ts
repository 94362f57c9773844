/**
 * What a recorder saw while a workload ran: the contract between the recorders (`secpol learn`'s
 * runners, which start the workload on a real engine and collect raw text) and the pure stages that
 * turn that text into a policy's `syscalls` section. Everything here is data; nothing runs.
 */
import type { Arch } from '../compiler/ir.js';

/** Which recorder produced a recording. */
export type RecorderName = 'strace' | 'audit';

/** One distinct syscall (per ABI) the workload made, with the argument values seen where the recorder shows them. */
export interface ObservedCall {
  /** The ABI the call was made on (audit: from the record's `arch=`; strace: x86_64 unless it reports a 32-bit personality). */
  readonly arch: Arch;
  /** The syscall's name in secpol's syscall table for that ABI. */
  readonly name: string;
  /** How many times it was seen. */
  readonly count: number;
  /**
   * For each argument index the recorder decoded (strace run with raw constants: `-X raw`), the
   * distinct 64-bit values seen, sorted ascending. Absent when the recorder cannot see arguments
   * (audit records carry none). Only the arguments a condition may be written on are kept
   * (src/learn/recorded-calls.ts RECORDED_ARGS: socket families and types, ioctl requests, prctl
   * options, fcntl commands, clone flags); a negative value is kept as its 64-bit two's complement.
   */
  readonly args?: ReadonlyMap<number, readonly bigint[]>;
}

/** Everything one recording observed, already limited to the workload's own processes. */
export interface Recording {
  readonly recorder: RecorderName;
  /** Sorted by arch, then name. */
  readonly calls: readonly ObservedCall[];
  /** Absolute paths inside the container opened for writing, created, renamed or removed (strace only), sorted, distinct. */
  readonly writtenPaths: readonly string[];
  /**
   * Records the kernel reported dropped (audit: `callbacks suppressed`, a rate-limit notice, or a
   * gap in the audit serial numbers). A recording with lost records is incomplete: learn refuses it.
   */
  readonly lost: number;
  /** Syscall numbers seen that secpol's table does not name, as `arch:number`, sorted. */
  readonly unknown: readonly string[];
  /**
   * Syscall names that failed with EPERM at least once (strace only), sorted: where the call is one a
   * capability governs, a hint that the workload tried something it lacks the capability for.
   */
  readonly permissionDenied?: readonly string[];
  /** Paths written that could not be made absolute (relative to a descriptor or an unknown cwd), left out of `writtenPaths`. */
  readonly unresolvedPaths?: number;
}
