/** What learning gives, and the errors it reports as exceptions for the CLI to turn into diagnostics. */
import type { CompilerHost } from '../compiler/3-resolve/load.js';
import type { CompileResult } from '../compiler/compile.js';
import type { Arch, PolicyIR } from '../compiler/ir.js';
import type { RecorderName } from './recording.js';

/** The policy being learned: its compiled form and its own text. */
export interface LearnPolicy {
  /** The compiled policy (the `compile` result's IR, not null). */
  readonly ir: PolicyIR;
  /** The `compile` result the IR came from (its merged workload is read for what bases allow and deny). */
  readonly compiled: CompileResult;
  /** The policy file as the user named it (as it was compiled). */
  readonly fileName: string;
  /** The policy file's text. */
  readonly text: string;
  /** How the policy's bases are read (the same host it was compiled with). */
  readonly host: CompilerHost;
}

/** Allowed syscall counts on one architecture: distinct names some rule with the allow action lets through (with or without conditions). */
export interface ArchCount {
  readonly arch: Arch;
  /** Before learning; null when the policy did not target the architecture. */
  readonly before: number | null;
  /** After learning; null when the learned policy no longer targets it. */
  readonly after: number | null;
  /** Of those, the runtime baseline's (allowed whatever the policy says). */
  readonly baseline: number;
  /** What Docker's default profile allows unconditionally there (@docker-default), for comparison. */
  readonly dockerDefault: number;
}

/** What learning gives. Every list is sorted and distinct. */
export interface LearnResult {
  readonly recorder: RecorderName;
  /** The learned `allow` statements, as policy text (one statement each, no indentation, e.g. `allow read, write`). */
  readonly statements: readonly string[];
  /** The `arch` statement to write when learning narrows the architectures (`arch x86_64`), else null. */
  readonly archStatement: string | null;
  /** The architectures the learned section is for: the policy's that the recording saw calls on. */
  readonly arches: readonly Arch[];
  /** The architectures the policy targeted before learning. */
  readonly archesBefore: readonly Arch[];
  /** Distinct syscall names observed on the learned architectures, the runtime baseline excluded. */
  readonly observed: readonly string[];
  /** Distinct syscall names observed on the learned architectures, the baseline included. */
  readonly observedAll: readonly string[];
  /** Names the learned policy allows that it did not allow before. */
  readonly newlyAllowed: readonly string[];
  /** Names this file allowed that were never observed: learning removed them. */
  readonly neverObserved: readonly string[];
  /** Names a base (`extends`) allows that were never observed: candidates to remove there (a base is not this file's to edit). */
  readonly baseNeverObserved: readonly string[];
  /** Names observed that the policy denies (`deny`): kept denied, not learned. */
  readonly deniedObserved: readonly string[];
  /** Calls observed on an architecture the policy does not target, as `arch:name`. */
  readonly offTarget: readonly string[];
  /** Paths written (strace only). */
  readonly writtenPaths: readonly string[];
  /** Written paths left out because they could not be made absolute. */
  readonly unresolvedPaths: number;
  /** Calls a capability governs that failed with EPERM (strace only), as `name (CAP_X, …)`: a hint, not proof. */
  readonly capabilityHints: readonly string[];
  /** Granted capabilities none of whose syscalls was observed, as `CAP_X (name, …)`. */
  readonly unusedCapabilities: readonly string[];
  /** Syscall numbers the table does not name (`arch:number`). */
  readonly unknown: readonly string[];
  /** Further facts about the learned section, one sentence each, in a fixed order. */
  readonly notes: readonly string[];
  /** Allowed counts per architecture, before and after, in the policy's architecture order. */
  readonly counts: readonly ArchCount[];
}

/** A recording with lost records (the kernel dropped audit records): learning from it would miss calls. */
export class IncompleteRecordingError extends Error {
  constructor(readonly lost: number) {
    super(`the recording lost ${lost} record(s)`);
    this.name = 'IncompleteRecordingError';
  }
}

/**
 * A recording with no call at all: the workload's program was never seen running (it did not start,
 * or the recorder was told another program). Learning from it would remove every allow.
 */
export class NothingRecordedError extends Error {
  constructor() {
    super('the recording holds no call of the workload');
    this.name = 'NothingRecordedError';
  }
}

/** The learned text did not compile: a bug in learn, reported as an internal error. */
export class LearnedPolicyError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'LearnedPolicyError';
  }
}
