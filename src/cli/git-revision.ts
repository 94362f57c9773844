/**
 * Policy files as they were at a git revision, read with `git cat-file` (no checkout, the work tree
 * is never touched) in the repository of the current folder. Paths are relative to the current
 * folder, as for files on disk; a path outside the repository cannot be versioned and is read from
 * the file system.
 */
import { execFileSync } from 'node:child_process';
import { isAbsolute, posix, relative, resolve } from 'node:path';
import type { CompilerHost } from '../compiler/3-resolve/load.js';
import { MAX_FILE_BYTES } from '../compiler/limits.js';
import { readPolicyFile } from './fs-host.js';
import { UsageError } from './usage-error.js';

/** One revision of the current folder's repository. */
export interface GitRevision extends CompilerHost {
  /** The revision as the user wrote it (`main`, `HEAD~1`). */
  readonly rev: string;
  /** True when `fileName` is inside the repository, so `readFile` reads it at the revision. */
  inRepository(fileName: string): boolean;
}

/**
 * Opens `rev` of the repository that holds `cwd`. Throws a UsageError when git is missing, `cwd` is
 * not in a repository, or `rev` names no commit or tree.
 */
export function openGitRevision(cwd: string, rev: string, env: Readonly<Record<string, string | undefined>>): GitRevision {
  const git = (args: readonly string[]): string =>
    execFileSync('git', [...args], { cwd, env: { ...env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } as NodeJS.ProcessEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  if (rev === '' || rev.startsWith('-') || /[\s\u0000-\u001f]/.test(rev)) throw new UsageError(`\`${rev}\` is not a git revision`, 'write REV:PATH, e.g. `main:web.secpol` or `HEAD~1:web.secpol`');
  let top: string;
  let prefix: string;
  try {
    [top = '', prefix = ''] = git(['rev-parse', '--show-toplevel', '--show-prefix']).split('\n');
  } catch (e) {
    const failure = e as { code?: string; stderr?: string };
    if (failure.code === 'ENOENT') throw new UsageError('`git` was not found, and it is needed to read a policy at a revision', 'install git, or compare two files');
    const said = (failure.stderr ?? '').trim().split('\n')[0] ?? '';
    if (said === '' || /not a git repository/i.test(said))
      throw new UsageError(`\`${rev}:…\` reads a policy from git, but the current folder is not in a git repository`, 'run secpol diff inside the repository, or compare two files');
    throw new UsageError(`git cannot read the repository of the current folder (${said.replace(/^(fatal|error): /, '')})`, 'fix what git says, or compare two files');
  }
  let oid: string;
  try {
    oid = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{tree}`]).trim();
  } catch {
    throw new UsageError(`unknown git revision \`${rev}\``, 'name a branch, tag or commit, e.g. `main`, `HEAD~1` (`git log --oneline` lists commits)');
  }
  const repoPath = (fileName: string): string | null => {
    const abs = resolve(cwd, fileName);
    const rel = isAbsolute(fileName) ? relative(top, abs).split('\\').join('/') : posix.normalize(prefix + fileName);
    return rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel) ? null : rel;
  };
  return {
    rev,
    inRepository: (fileName) => repoPath(fileName) !== null,
    readFile(fileName) {
      const p = repoPath(fileName);
      try {
        if (p === null) return readPolicyFile(resolve(cwd, fileName));
        const object = `${oid}:${p}`;
        if (git(['cat-file', '-t', object]).trim() !== 'blob') return { problem: 'special', detail: 'not a file at that revision' };
        if (Number(git(['cat-file', '-s', object]).trim()) > MAX_FILE_BYTES) return { problem: 'too-large' };
        return git(['cat-file', 'blob', object]);
      } catch {
        return undefined;
      }
    },
  };
}
