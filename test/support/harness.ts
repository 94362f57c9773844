/**
 * The shared test harness for the compiler: compile a policy from text with an in-memory file
 * system, and read diagnostics as `CODE@line:col` strings that a test can compare exactly.
 */
import { compile, type CompileOptions, type CompileResult } from '../../src/compiler/compile.js';
import type { Diagnostic } from '../../src/compiler/diagnostics/diagnostic.js';

/** Compiles `text` as `name`, with other files of the in-memory file system readable as bases. */
export function compileText(text: string, files: Record<string, string> = {}, name = 'test.secpol', options: CompileOptions = {}): CompileResult {
  return compile(name, text, { readFile: (f) => files[f] }, options);
}

/** `E0301@4:9` for a diagnostic. */
export function at(d: Diagnostic): string {
  if (!d.span) return `${d.code}@-`;
  const p = d.span.file.position(d.span.start);
  return `${d.code}@${p.line}:${p.column}`;
}

/**
 * The diagnostics of compiling `text`, as `CODE@line:col`. With `only`, just the diagnostics whose
 * code starts with one of its entries (so a check's test is not about another check's warning).
 */
export function codesOf(text: string, files: Record<string, string> = {}, only?: readonly string[]): string[] {
  return compileText(text, files)
    .diagnostics.filter((d) => !only || only.some((o) => d.code.startsWith(o)))
    .map(at);
}

/** Wraps statements in a minimal valid workload, so a check test shows only what it is about. */
export function workload(body: string, head = ''): string {
  return `${head}workload app {\n  image "busybox:1"\n${body}\n}\n`;
}
