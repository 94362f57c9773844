/**
 * Where the data tests find their sources of truth, and which host tools they can use. The tests read
 * the reference copies next to the repository (../shared/reference); the compiler itself never does.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared reference files (libseccomp, moby, capabilities …). */
export const referenceDir = path.resolve(repoRoot, '..', 'shared', 'reference');

/** A reference file's text, by path relative to referenceDir. */
export function readReference(rel: string): string {
  return readFileSync(path.join(referenceDir, rel), 'utf8');
}

/** Whether `cmd` runs on this machine (looked up on PATH). */
export function hasCommand(cmd: string, args: readonly string[] = ['--version']): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch (e) {
    // A tool that exists but dislikes the probe's arguments still exits with a status, not ENOENT.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** The five architectures of the IR, in its order. */
export const ARCHES = ['x86_64', 'x86', 'x32', 'aarch64', 'arm'] as const;

/** The host's architecture under the IR's name, when it is one the C-header tests can speak for. */
export const hostArch: 'x86_64' | 'aarch64' | undefined = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : undefined;
