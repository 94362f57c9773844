/**
 * Phase 4: the checks, in the order they run. Errors first (names, then shapes, then conflicts), then
 * warnings. Every check runs even after another reported, so one run shows every problem.
 */
import type { WorkloadAst } from '../ast.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { targetArches } from '../data/arches.js';
import type { Check } from './check.js';
import { architecturesAreKnown } from './checks/architectures-are-known.js';
import { capabilitiesAreKnown } from './checks/capabilities-are-known.js';
import { capabilitiesAreListedOnce } from './checks/capabilities-are-listed-once.js';
import { capabilitiesHaveTheirSyscalls } from './checks/capabilities-have-their-syscalls.js';
import { choicesAreValid } from './checks/choices-are-valid.js';
import { constantsAreKnown } from './checks/constants-are-known.js';
import { hostnameNeedsPrivateUts } from './checks/hostname-needs-private-uts.js';
import { idMappingsAreInRange } from './checks/id-mappings-are-in-range.js';
import { idMappingsDoNotOverlap } from './checks/id-mappings-do-not-overlap.js';
import { idMappingsNeedUserNamespace } from './checks/id-mappings-need-user-namespace.js';
import { imageIsSet } from './checks/image-is-set.js';
import { imageReferenceIsValid } from './checks/image-reference-is-valid.js';
import { limitsAreInRange } from './checks/limits-are-in-range.js';
import { lintIgnoresAreValid } from './checks/lint-ignores-are-valid.js';
import { mountsDoNotOverlap } from './checks/mounts-do-not-overlap.js';
import { namesAreValid } from './checks/names-are-valid.js';
import { joinExcludesMode } from './checks/join-excludes-mode.js';
import { networkNamesAreValid } from './checks/network-names-are-valid.js';
import { networksAreJoinedOnce } from './checks/networks-are-joined-once.js';
import { portsReachANetwork } from './checks/ports-reach-a-network.js';
import { oomIsLeftToTheKernel } from './checks/oom-is-left-to-the-kernel.js';
import { pathsAreAbsolute } from './checks/paths-are-absolute.js';
import { pathsAreWellFormed } from './checks/paths-are-well-formed.js';
import { portsAreUnique } from './checks/ports-are-unique.js';
import { syscallGroupsAreKnown } from './checks/syscall-groups-are-known.js';
import { syscallConditionsAreExpressible } from './checks/syscall-conditions-are-expressible.js';
import { syscallConditionsFitTheirArguments } from './checks/syscall-conditions-fit-their-arguments.js';
import { syscallRulesDoNotConflict } from './checks/syscall-rules-do-not-conflict.js';
import { unrestrictedLiftsARestriction } from './checks/unrestricted-lifts-a-restriction.js';
import { syscallsAreKnown } from './checks/syscalls-are-known.js';
import { ulimitsAreKnown } from './checks/ulimits-are-known.js';
import { relabelSparesSystemPaths } from './checks/relabel-spares-system-paths.js';
import { runtimeIsKnown } from './checks/runtime-is-known.js';
import { selinuxLabelsAreWellFormed } from './checks/selinux-labels-are-well-formed.js';
import { userIsMapped } from './checks/user-is-mapped.js';
import { valuesAreSafe } from './checks/values-are-safe.js';

/** Every check, in order. */
export const CHECKS: readonly Check[] = [
  imageIsSet,
  imageReferenceIsValid,
  namesAreValid,
  networkNamesAreValid,
  valuesAreSafe,
  choicesAreValid,
  runtimeIsKnown,
  selinuxLabelsAreWellFormed,
  architecturesAreKnown,
  capabilitiesAreKnown,
  capabilitiesAreListedOnce,
  syscallsAreKnown,
  syscallGroupsAreKnown,
  constantsAreKnown,
  syscallRulesDoNotConflict,
  syscallConditionsFitTheirArguments,
  unrestrictedLiftsARestriction,
  pathsAreAbsolute,
  pathsAreWellFormed,
  mountsDoNotOverlap,
  relabelSparesSystemPaths,
  portsAreUnique,
  networksAreJoinedOnce,
  joinExcludesMode,
  portsReachANetwork,
  limitsAreInRange,
  ulimitsAreKnown,
  oomIsLeftToTheKernel,
  hostnameNeedsPrivateUts,
  idMappingsNeedUserNamespace,
  idMappingsAreInRange,
  idMappingsDoNotOverlap,
  userIsMapped,
  lintIgnoresAreValid,
  capabilitiesHaveTheirSyscalls,
  syscallConditionsAreExpressible,
];

/** Runs every check over a merged workload. */
export function runChecks(workload: WorkloadAst): Diagnostic[] {
  const ctx = { workload, arches: targetArches(workload) };
  return sortDiagnostics(CHECKS.flatMap((c) => c.run(ctx)));
}
