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
 *   (its `lost` says how many); the CLI catches it and reports it as a diagnostic. A recording
 *   with no call at all throws `NothingRecordedError` (the program never ran under the recorder).
 * - LearnResult (learn-result.ts): `statements` and `archStatement` are what `applyLearned` writes;
 *   `arch` is narrowed to the architectures the recording saw (a name missing on a target
 *   architecture cannot be allowed by name), so a recording on x86_64 gives `arch x86_64`. `counts`
 *   has one entry per architecture before or after, `before`/`after` null where not targeted.
 * - recordingVariant keeps the baseline's allow rules, every deny and clone3's ENOSYS; it drops the
 *   policy's other allows, so under audit they are logged.
 * - `learnSyscalls` compiles the learned text itself (through `policy.host`, for bases) to give the
 *   after-learning counts; it throws `LearnedPolicyError` when that text does not compile (a bug).
 */
export type { ObservedCall, Recording, RecorderName } from './recording.js';
export { parseStrace, type StraceOptions } from './parse-strace.js';
export { parseAuditLog, type AuditLogOptions } from './parse-audit-log.js';
export { mergeRecordings } from './recorded-calls.js';

export type { ArchCount, LearnPolicy, LearnResult } from './learn-result.js';
export { IncompleteRecordingError, LearnedPolicyError, NothingRecordedError } from './learn-result.js';
export { learnSyscalls } from './learn-syscalls.js';
export { recordingVariant } from './recording-variant.js';
export { learnSummary } from './learn-summary.js';

import type { LearnResult } from './learn-result.js';
import { applySection } from './apply-learned.js';

/** The policy's text with the learned section written in, comments and layout elsewhere kept; the result compiles. */
export function applyLearned(sourceText: string, fileName: string, result: LearnResult): string {
  return applySection(sourceText, fileName, result);
}
