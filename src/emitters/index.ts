/** The five emitters by target name, in the order `secpol build` runs them. */
import type { PolicyIR } from '../compiler/ir.js';
import type { Artifact, Emitter, TargetName } from './artifact.js';
import { emitSeccomp } from './seccomp.js';
import { emitAppArmor } from './apparmor.js';
import { emitOci } from './oci.js';
import { emitCompose } from './compose.js';
import { emitDockerRun } from './docker-run.js';

/** Every target, with its emitter. */
export const EMITTERS: Readonly<Record<TargetName, Emitter>> = {
  seccomp: emitSeccomp,
  apparmor: emitAppArmor,
  oci: emitOci,
  compose: emitCompose,
  'docker-run': emitDockerRun,
};

/** The target names, in order. */
export const TARGETS = Object.keys(EMITTERS) as TargetName[];

/** Runs the chosen emitters over one IR. */
export function emitAll(ir: PolicyIR, targets: readonly TargetName[] = TARGETS): Artifact[] {
  return TARGETS.filter((t) => targets.includes(t)).flatMap((t) => EMITTERS[t](ir));
}
