/**
 * The pipeline: parse → decode → load bases and merge → check → lower. Each phase returns its value
 * and its diagnostics; lowering runs only when there is no error. An exception anywhere is a compiler
 * bug, reported as one internal-error diagnostic rather than a stack trace.
 */
import type { WorkloadAst } from './ast.js';
import { diag, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import type { PolicyIR } from './ir.js';
import { loadPolicy, type BaseLink, type CompilerHost } from './3-resolve/load.js';
import { runChecks } from './4-check/checks.js';
import { lower } from './5-lower/lower.js';
import type { SourceFile } from './source.js';
import { MAX_DIAGNOSTICS_PER_FILE } from './limits.js';

/** Checks whose findings are unreliable when some statement was dropped for a decoding error. */
const INCOMPLETE_SENSITIVE = new Set(['E0209', 'E0403']);

/** What compiling one policy gives. `ir` is null when there are errors. */
export interface CompileResult {
  readonly ir: PolicyIR | null;
  /** The merged, checked workload; null when it could not be built. Later stages read `ir.provenance` instead. */
  readonly workload: WorkloadAst | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly SourceFile[];
  /** The bases and presets the policy extends, each with the `extends` that brought it in. */
  readonly bases: readonly BaseLink[];
}

/** How a policy is compiled. */
export interface CompileOptions {
  /**
   * The folder every base must be under (bases outside it are E0705), named as `fileName` is (both
   * relative to one folder, or both absolute). Default: the folder of `fileName`.
   */
  readonly root?: string;
}

/** Compiles one policy text. `fileName` is how the user named it; bases are read through `host`. */
export function compile(fileName: string, text: string, host: CompilerHost, options: CompileOptions = {}): CompileResult {
  const r = compileUncapped(fileName, text, host, options);
  return { ...r, diagnostics: capDiagnostics(r.diagnostics, fileName) };
}

/**
 * At most MAX_DIAGNOSTICS_PER_FILE diagnostics of each file, in order, and for a file with more one
 * E0112 that counts the rest: a file that is no policy cannot flood a terminal or a CI log.
 */
function capDiagnostics(ds: readonly Diagnostic[], fileName: string): readonly Diagnostic[] {
  const seen = new Map<string, number>();
  const kept: Diagnostic[] = [];
  for (const d of ds) {
    const file = d.span?.file.name ?? fileName;
    const n = (seen.get(file) ?? 0) + 1;
    seen.set(file, n);
    if (n <= MAX_DIAGNOSTICS_PER_FILE) kept.push(d);
  }
  for (const [file, n] of seen) if (n > MAX_DIAGNOSTICS_PER_FILE) kept.push(diag('E0112', null, { count: n - MAX_DIAGNOSTICS_PER_FILE, file }));
  return kept;
}

function compileUncapped(fileName: string, text: string, host: CompilerHost, options: CompileOptions): CompileResult {
  try {
    const loaded = loadPolicy(fileName, text, host, options.root);
    const { files, bases } = loaded;
    if (!loaded.workload) return { ir: null, workload: null, diagnostics: sortDiagnostics(loaded.diagnostics), files, bases };
    // With statements that could not be decoded, the checks still run, so one run shows every
    // problem; only the checks that would blame the missing statements are left out.
    const checked = runChecks(loaded.workload).filter((d) => loaded.complete || !INCOMPLETE_SENSITIVE.has(d.code));
    const diagnostics = sortDiagnostics([...loaded.diagnostics, ...checked]);
    if (hasErrors(diagnostics)) return { ir: null, workload: loaded.workload, diagnostics, files, bases };
    return { ir: lower(loaded.workload, fileName), workload: loaded.workload, diagnostics, files, bases };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ir: null, workload: null, diagnostics: [diag('E0901', null, { detail }, { notes: [`while compiling ${fileName}`] })], files: [], bases: [] };
  }
}
