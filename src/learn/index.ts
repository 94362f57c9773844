/**
 * `secpol learn`'s pure stages: parse what a recorder saw, turn it into a policy's `syscalls`
 * section, write that section into the policy's text and summarise it. Nothing here touches the file
 * system, a process or the environment; the recorders and the CLI (src/cli/) do, and hand their raw
 * text in.
 *
 * Contract notes for the CLI side:
 * - strace must run with `--pidns-translation` besides `-f -qq -X raw -s 4096 -o FILE`: in the
 *   container's pid namespace a clone returns the child's pid there, and only the translation ties
 *   it to the host pid the lines carry. Children that cannot be placed count in `lost`.
 *   `parseStrace`'s `arch` option names the host's 64-bit ABI (default x86_64).
 * - parseAuditLog wants every kernel log line from the run's start to after its last record (a later
 *   audit record shows a loss at the end as a gap in the serials), not a grep of type=1326; `pids`
 *   or `comms` pick the workload's records.
 * - Several recordings of one workload (the run, each `--exec` under `runc exec`) combine with
 *   `mergeRecordings`.
 * - A recording with `lost > 0` is incomplete: `learnSyscalls` throws `IncompleteRecordingError`
 *   (its `lost` says how many); the CLI catches it and reports it as a diagnostic.
 * - `learnSyscalls` compiles the learned text itself (through `policy.host`, for bases) to give the
 *   after-learning counts; it throws `LearnedPolicyError` when that text does not compile (a bug).
 */
import type { CompilerHost } from '../compiler/3-resolve/load.js';
import type { CompileResult } from '../compiler/compile.js';
import type { Arch, PolicyIR } from '../compiler/ir.js';
import type { Recording, RecorderName } from './recording.js';

export type { ObservedCall, Recording, RecorderName } from './recording.js';
export { parseStrace, type StraceOptions } from './parse-strace.js';
export { parseAuditLog, type AuditLogOptions } from './parse-audit-log.js';
export { mergeRecordings } from './recorded-calls.js';

/** The policy being learned: its compiled form and its own text. */
export interface LearnPolicy {
  /** The compiled policy (the `compile` result's IR, not null). */
  readonly ir: PolicyIR;
  /** The `compile` result the IR came from (its workload and files). */
  readonly compiled: CompileResult;
  /** The policy file as the user named it. */
  readonly fileName: string;
  /** The policy file's text. */
  readonly text: string;
  /** How the policy's bases are read (the same host it was compiled with). */
  readonly host: CompilerHost;
}

/** Allowed syscall counts on one target architecture. */
export interface ArchCount {
  readonly arch: Arch;
  /** Distinct names the policy's filter allowed before learning (any rule with an allow action, conditional or not). */
  readonly before: number;
  /** The same after learning. */
  readonly after: number;
}

/** What learning gives. Every list is sorted and distinct. */
export interface LearnResult {
  readonly recorder: RecorderName;
  /** The learned `allow` statements, as policy text (one statement each, no indentation, e.g. `allow read, write`). */
  readonly statements: readonly string[];
  /** Distinct syscall names observed (all arches), the runtime baseline excluded. */
  readonly observed: readonly string[];
  /** Distinct syscall names observed, the baseline included. */
  readonly observedAll: readonly string[];
  /** Names the learned policy allows that the policy did not allow before. */
  readonly newlyAllowed: readonly string[];
  /** Names the policy's own file allowed that were never observed (removed by learning). */
  readonly neverObserved: readonly string[];
  /** Names a base (`extends`) allows that were never observed: candidates, not removed (the base is not this file's to edit). */
  readonly baseNeverObserved: readonly string[];
  /** Paths written (strace only). */
  readonly writtenPaths: readonly string[];
  /** Calls that failed with EPERM where a capability could be the reason (a hint, not proof): `name` per line. */
  readonly capabilityHints: readonly string[];
  /** Syscall numbers the table does not name (`arch:number`). */
  readonly unknown: readonly string[];
  /** Before/after allowed counts, per target arch of the policy. */
  readonly counts: readonly ArchCount[];
}

/** A recording with lost records (the kernel dropped audit records): learning from it would miss calls. */
export class IncompleteRecordingError extends Error {
  constructor(readonly lost: number) {
    super(`the recording lost ${lost} record(s)`);
    this.name = 'IncompleteRecordingError';
  }
}

/** The learned text did not compile: a bug in learn, reported as an internal error. */
export class LearnedPolicyError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'LearnedPolicyError';
  }
}

/** Turns a recording into the syscalls section for the compiled policy. Throws IncompleteRecordingError when `recording.lost > 0`. */
export function learnSyscalls(recording: Recording, policy: LearnPolicy): LearnResult {
  void recording;
  void policy;
  throw new Error('not built yet');
}

/** The policy's text with the learned section written in, comments and layout elsewhere kept; the result compiles. */
export function applyLearned(sourceText: string, fileName: string, result: LearnResult): string {
  void sourceText;
  void fileName;
  void result;
  throw new Error('not built yet');
}

/** The summary a user reads after learn (plain text, deterministic). */
export function learnSummary(result: LearnResult): string {
  void result;
  throw new Error('not built yet');
}

/** The recording variant: the filter turned into a recorder (`log` default for audit, `allow` for strace), everything else as the policy says. */
export function recordingVariant(ir: PolicyIR, recorder: RecorderName): PolicyIR {
  void ir;
  void recorder;
  throw new Error('not built yet');
}
