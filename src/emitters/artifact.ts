import type { PolicyIR } from '../compiler/ir.js';

/** One generated file: a path relative to the workload's output folder, and its exact bytes as text. */
export interface Artifact {
  readonly path: string;
  readonly content: string;
}

/** The artifact kinds `secpol build --target` can select. */
export type TargetName = 'seccomp' | 'apparmor' | 'oci' | 'compose' | 'docker-run' | 'kubernetes';

/** An emitter: a pure function of the IR. No file system, no clock, no environment, no mutation. */
export type Emitter = (ir: PolicyIR) => readonly Artifact[];
