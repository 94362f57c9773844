/**
 * The compiler host of the working tree: policy files and their bases, relative to a folder. Policies
 * come from pull requests, so reading is bounded and never blocks: regular files only (a FIFO, a
 * device or a socket is refused without waiting on it), at most MAX_FILE_BYTES, UTF-8 only, and a
 * base whose real path (symbolic links followed) leaves its root is refused.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { CompilerHost, ReadRefusal } from '../compiler/3-resolve/load.js';
import { MAX_FILE_BYTES } from '../compiler/limits.js';

/** What reading one file gives: its text, nothing (no such file), or why it is refused. */
export type ReadResult = string | undefined | ReadRefusal;

const kindOf = (s: Stats): string =>
  s.isFIFO() ? 'a FIFO' : s.isCharacterDevice() ? 'a character device' : s.isBlockDevice() ? 'a block device' : s.isSocket() ? 'a socket' : 'not a regular file';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads one file as a policy may be read (see the module comment). */
export function readPolicyFile(full: string): ReadResult {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    fd = openSync(full, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR') return { problem: 'directory' };
    if (code === 'ENXIO') return { problem: 'special', detail: 'a socket' };
    return { problem: 'unreadable', detail: code === 'EACCES' ? 'permission denied' : (code ?? 'cannot be opened') };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { problem: 'directory' };
    if (!st.isFile()) return { problem: 'special', detail: kindOf(st) };
    if (st.size > MAX_FILE_BYTES) return { problem: 'too-large' };
    // Read one byte past the limit, so a file that grows while it is read is still caught.
    const buf = Buffer.alloc(Math.min(MAX_FILE_BYTES + 1, st.size + 1));
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    if (n > MAX_FILE_BYTES) return { problem: 'too-large' };
    const bytes = buf.subarray(0, n);
    const nul = bytes.indexOf(0);
    if (nul >= 0) return { problem: 'not-text', detail: 'it holds a NUL byte' };
    try {
      return utf8.decode(bytes);
    } catch {
      return { problem: 'not-text', detail: 'it holds bytes that are not UTF-8' };
    }
  } finally {
    closeSync(fd);
  }
}

/** True when the real path of `full` is inside the real path of `root`. */
function reallyWithin(full: string, root: string): boolean {
  try {
    const rel = relative(realpathSync(root), realpathSync(full));
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  } catch {
    return true; // a missing file: reading it reports that
  }
}

/**
 * Reads files relative to `cwd`. Each file is read once per host: a batch whose policies extend one
 * base reads the base once.
 */
export function fsHost(cwd: string): CompilerHost {
  const read = new Map<string, ReadResult>();
  return {
    readFile(fileName, root) {
      const full = resolve(cwd, fileName);
      if (root !== undefined && !reallyWithin(full, resolve(cwd, root))) return { problem: 'outside-root' };
      if (read.has(full)) return read.get(full);
      const text = readPolicyFile(full);
      read.set(full, text);
      return text;
    },
  };
}
