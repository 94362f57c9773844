/**
 * The library entry (`import … from 'secpol'`): compile a policy, emit its artifacts and show its
 * diagnostics without the CLI. Everything here is a thin wrapper over the compiler's own modules, so
 * the library and `secpol build` give the same bytes. The surface is small on purpose; docs/api.md
 * says what is stable. Like the CLI it sits on top of the pipeline: the compiler and the emitters
 * stay pure, and only `nodeHost` touches the file system.
 */
import type { CompilerHost } from './compiler/3-resolve/load.js';
import { compile as compilePolicy, type CompileOptions } from './compiler/compile.js';
import { lookupCode } from './compiler/diagnostics/catalog.js';
import type { Diagnostic } from './compiler/diagnostics/diagnostic.js';
import { renderText, toJson } from './compiler/diagnostics/render.js';
import { IR_VERSION as SHAPE_VERSION, type PolicyIR } from './compiler/ir.js';
import { KUBERNETES_KINDS, SECURITY_MODULES, type Artifact, type EmitOptions, type TargetName } from './emitters/artifact.js';
import { emitAll, DEFAULT_TARGETS as EMITTER_DEFAULT_TARGETS, TARGETS as EMITTER_TARGETS } from './emitters/index.js';
import { fsHost } from './cli/fs-host.js';
import { ruleExplanation } from './explain/codes.js';
import { advise } from './lint/advise.js';
import { VERSION as CLI_VERSION } from './cli/version.js';

export type { CompilerHost, ReadRefusal } from './compiler/3-resolve/load.js';
export type { CompileOptions } from './compiler/compile.js';
export type { Diagnostic } from './compiler/diagnostics/diagnostic.js';
export type { PolicyIR } from './compiler/ir.js';
export type { Artifact, EmitOptions, KubernetesKind, SecurityModule, TargetName } from './emitters/artifact.js';
export { KUBERNETES_KINDS, SECURITY_MODULES } from './emitters/artifact.js';

/** The secpol version, the same as `secpol --version` and package.json's. */
export const VERSION: string = CLI_VERSION;

/** The version of the `PolicyIR` shape; it changes whenever the shape does (`ir.irVersion` carries it). */
export const IR_VERSION: typeof SHAPE_VERSION = SHAPE_VERSION;

/** The artifact kinds `emit` can make, in the order it makes them (`seccomp`, `apparmor`, `oci`, `compose`, `docker-run`, `kubernetes`). */
export const TARGETS: readonly TargetName[] = Object.freeze([...EMITTER_TARGETS]);

/** What `emit` makes when no target is named, as `secpol build` does: every target but `kubernetes`. */
export const DEFAULT_TARGETS: readonly TargetName[] = Object.freeze([...EMITTER_DEFAULT_TARGETS]);

/** What compiling one policy gives: the IR when there is no error, and every diagnostic in a stable order. */
export interface CompileResult {
  /** The compiled policy, ready for `emit`; null when any diagnostic is an error. */
  readonly ir: PolicyIR | null;
  /**
   * Errors and warnings, sorted by file, position and code: what `secpol check` prints. The warnings
   * are the advisory rules' unsuppressed findings (`SPL102`, docs/lint.md); they do not stop compilation.
   */
  readonly diagnostics: readonly Diagnostic[];
}

/** A host with no files: every `extends "./…"` is reported as not found (E0702); presets still work. */
const NO_FILES: CompilerHost = { readFile: () => undefined };

/**
 * Compiles one policy text. `fileName` names it in diagnostics and is the path its `extends "./…"`
 * are relative to; the bases are read through `host` (without one, none can be read: E0702). Policy
 * errors are returned as diagnostics, never thrown; a compiler bug is one E0901 diagnostic.
 */
export function compile(fileName: string, text: string, host: CompilerHost = NO_FILES, options: CompileOptions = {}): CompileResult {
  const { ir, diagnostics } = advise(fileName, compilePolicy(fileName, text, host, options));
  return { ir, diagnostics };
}

/**
 * A host that reads bases from the file system as the CLI does: names relative to `folder`,
 * regular UTF-8 files of at most 1 MiB only, and a base whose real path (links followed) leaves the
 * compile's root refused. Each file is read once per host: make a new host when files may have
 * changed (an editor, a watcher).
 */
export function nodeHost(folder: string): CompilerHost {
  return fsHost(folder);
}

/**
 * The artifacts of a compiled policy, each a path relative to the workload's output folder and its
 * exact text; `DEFAULT_TARGETS` unless `targets` chooses. Pure and byte-identical for equal IR.
 * Throws a RangeError for a name that is not a target.
 */
export function emit(ir: PolicyIR, targets: readonly TargetName[] = DEFAULT_TARGETS, options: EmitOptions = {}): Artifact[] {
  const unknown = targets.find((t) => !TARGETS.includes(t));
  if (unknown !== undefined) throw new RangeError(`unknown target ${JSON.stringify(unknown)}: targets are ${TARGETS.join(', ')}`);
  if (options.kubernetesKind !== undefined && !KUBERNETES_KINDS.includes(options.kubernetesKind))
    throw new RangeError(`unknown Kubernetes kind ${JSON.stringify(options.kubernetesKind)}: kinds are ${KUBERNETES_KINDS.join(', ')}`);
  const module = options.securityModules?.find((m) => !SECURITY_MODULES.includes(m));
  if (module !== undefined) throw new RangeError(`unknown security module ${JSON.stringify(module)}: modules are ${SECURITY_MODULES.join(', ')}`);
  return emitAll(ir, targets, options);
}

/**
 * A diagnostic as `secpol` prints it: `file:line:col: error[CODE]: message`, the source line with a
 * caret, notes and help. Text from the policy is escaped; `color` adds ANSI colours.
 */
export function renderDiagnostic(d: Diagnostic, options: { readonly color: boolean } = { color: false }): string {
  return renderText(d, options);
}

/**
 * A diagnostic as `secpol --format json` gives it: `code`, `name`, `severity`, `message`,
 * `location` (file, 1-based line and column, end line and column; null without a place), `label`,
 * `labels`, `notes`, `help`, `suggestion`.
 */
export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return toJson(d);
}

/**
 * The long explanation of a diagnostic code (`E0301`) or name (`unknown-capability`), of an
 * advisory rule (`SPL102`, `root-user`: a warning's code) or of a former warning code (`W0103`), as
 * `secpol --explain` prints it; undefined for an unknown code.
 */
export function explainCode(code: string): string | undefined {
  return lookupCode(code)?.entry.explain ?? ruleExplanation(code);
}
