/** The emitters by target name, in the order `secpol build` runs them. */
import type { PolicyIR } from '../compiler/ir.js';
import type { Artifact, EmitOptions, Emitter, TargetName } from './artifact.js';
import { emitSeccomp } from './seccomp.js';
import { emitAppArmor } from './apparmor.js';
import { emitOci } from './oci.js';
import { emitCompose } from './compose.js';
import { emitDockerRun } from './docker-run.js';
import { emitKubernetes } from './kubernetes.js';

/** Every target, with its emitter. */
export const EMITTERS: Readonly<Record<TargetName, Emitter>> = {
  seccomp: emitSeccomp,
  apparmor: emitAppArmor,
  oci: emitOci,
  compose: emitCompose,
  'docker-run': emitDockerRun,
  kubernetes: emitKubernetes,
};

/** The target names, in order. */
export const TARGETS = Object.keys(EMITTERS) as TargetName[];

/**
 * What `secpol build` writes when no `--target` is given: the five host artifacts. The cluster's
 * (`kubernetes`) is chosen by name, so that a team on one Docker host gets no manifests it does not
 * use, and upgrading secpol does not make `build --check` report every policy's folder as stale.
 */
export const DEFAULT_TARGETS: readonly TargetName[] = TARGETS.filter((t) => t !== 'kubernetes');

/** Runs the chosen emitters over one IR. */
export function emitAll(ir: PolicyIR, targets: readonly TargetName[] = DEFAULT_TARGETS, options: EmitOptions = {}): Artifact[] {
  return TARGETS.filter((t) => targets.includes(t)).flatMap((t) => EMITTERS[t](ir, options));
}
