/** Compiling the policy files a review command names, through the file system (only the CLI reads it). */
import { compile, type CompileResult } from '../compiler/compile.js';
import { fsHost } from './fs-host.js';

/** Compiles each file, or returns the first that cannot be read. */
export function compileFiles(cwd: string, files: readonly string[]): { results: { file: string; result: CompileResult }[] } | { unreadable: string } {
  const host = fsHost(cwd);
  const results: { file: string; result: CompileResult }[] = [];
  for (const file of files) {
    const text = host.readFile(file);
    if (text === undefined) return { unreadable: file };
    results.push({ file, result: compile(file, text, host) });
  }
  return { results };
}
