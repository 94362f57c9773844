/**
 * What a check is: a pure function of the merged workload that reports every offending place.
 * Checks never throw for bad input and never import emitters.
 */
import type { WorkloadAst } from '../ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Arch } from '../ir.js';

/** What every check sees. */
export interface CheckContext {
  readonly workload: WorkloadAst;
  /** The target architectures the policy declares (known ones only), or the default. */
  readonly arches: readonly Arch[];
}

/** A check, named for the invariant it enforces. */
export interface Check {
  readonly name: string;
  readonly run: (ctx: CheckContext) => readonly Diagnostic[];
}
