/**
 * strace's text (`strace -f -qq -X raw -s 4096 -o FILE runc run …`) → a Recording of the workload's
 * own calls.
 *
 * Which process is the workload's: strace follows runc from its start, so the trace begins with runc
 * and `runc init` setting the container up. A process is inside from its successful execve of one of
 * `programs` (the container's entrypoint or command, each `runc exec` command); every process or
 * thread an inside process creates afterwards (the pid clone, fork, vfork or clone3 return) is inside
 * from its first call. A failed execve (a shell trying each PATH entry) makes nothing inside. Under
 * `-f` the lines of processes interleave and a child's first calls are often printed before its
 * parent's clone returns its pid: those calls wait until the parent's clone says whose child it is.
 *
 * The trace must be made with `--pidns-translation` when the container has its own pid namespace:
 * a clone's return value is the child's pid in the container, while the lines carry host pids.
 * Children that cannot be placed (no translation) are counted in `lost`, so learn refuses the trace.
 *
 * Lines: `PID name(args) = ret`, `PID name(args <unfinished ...>` then `PID <... name resumed>rest`,
 * `PID --- SIGNAME {…} ---`, `PID +++ exited with N +++` (without -qq), `[ Process PID=N runs in 32
 * bit mode. ]`. A syscall strace cannot name is `syscall_0x1b6(…)`; its number is looked up in
 * secpol's table, and reported in `unknown` when the table has none either.
 */
import { posix } from 'node:path';
import type { Arch } from '../compiler/ir.js';
import { syscallExists } from '../compiler/data/syscall-table.js';
import { RECORDED_ARGS, RecordingBuilder } from './recorded-calls.js';
import type { Recording } from './recording.js';
import { syscallName } from './syscall-names.js';

/** How strace's text is read. */
export interface StraceOptions {
  /** The paths (or bare names) of the programs whose execve makes a process the workload's. */
  readonly programs: readonly string[];
  /** The ABI of the traced machine's 64-bit processes (default x86_64). */
  readonly arch?: Arch;
}

/** One finished call of one process. */
interface Call {
  readonly pid: number;
  readonly arch: Arch;
  readonly name: string;
  readonly args: readonly string[];
  readonly ret: string;
}

/** What one inside call adds to the recording, computed when the line is read (the cwd is the one of that moment). */
interface Effect {
  readonly arch: Arch;
  readonly name: string;
  readonly values: ReadonlyMap<number, bigint> | null;
  readonly written: readonly string[];
  readonly unresolved: number;
  readonly eperm: boolean;
}

const AT_FDCWD = -100n;
const O_WRITE_FLAGS = 0x1n | 0x2n | 0x40n | 0x200n; // O_WRONLY | O_RDWR | O_CREAT | O_TRUNC (asm-generic and x86)
const TWO_64 = 1n << 64n;

/** Calls that write a path: [dirfd argument or null, path argument] for each path written; `open` kinds check their flags first. */
const PATH_WRITES: ReadonlyMap<string, readonly (readonly [number | null, number])[]> = new Map([
  ['open', [[null, 0]]], ['openat', [[0, 1]]], ['openat2', [[0, 1]]], ['creat', [[null, 0]]],
  ['mkdir', [[null, 0]]], ['mkdirat', [[0, 1]]], ['mknod', [[null, 0]]], ['mknodat', [[0, 1]]],
  ['unlink', [[null, 0]]], ['unlinkat', [[0, 1]]], ['rmdir', [[null, 0]]],
  ['rename', [[null, 0], [null, 1]]], ['renameat', [[0, 1], [2, 3]]], ['renameat2', [[0, 1], [2, 3]]],
  ['symlink', [[null, 1]]], ['symlinkat', [[1, 2]]], ['link', [[null, 1]]], ['linkat', [[2, 3]]],
  ['chmod', [[null, 0]]], ['fchmodat', [[0, 1]]], ['fchmodat2', [[0, 1]]],
  ['chown', [[null, 0]]], ['lchown', [[null, 0]]], ['chown32', [[null, 0]]], ['lchown32', [[null, 0]]], ['fchownat', [[0, 1]]],
  ['truncate', [[null, 0]]], ['truncate64', [[null, 0]]],
]);
/** Where the open kinds keep their flags. */
const OPEN_FLAGS: ReadonlyMap<string, number> = new Map([['open', 1], ['openat', 2], ['openat2', 2]]);
const CHILD_RETURNING = new Set(['clone', 'clone3', 'fork', 'vfork']);

/** Parses strace's text; see the file comment. */
export function parseStrace(text: string, opts: StraceOptions): Recording {
  const host: Arch = opts.arch ?? 'x86_64';
  const compat: Arch = host === 'aarch64' ? 'arm' : 'x86';
  const out = new RecordingBuilder('strace');
  const inside = new Set<number>();
  /** Pids a clone has returned (whose parent is known), inside or not. */
  const known = new Set<number>();
  /** Calls of pids not yet known, kept until a clone names their parent. */
  const waiting = new Map<number, Effect[]>();
  const unfinished = new Map<number, string>();
  const archOf = new Map<number, Arch>();
  const cwdOf = new Map<number, string>();

  const record = (e: Effect): void => {
    out.call(e.arch, e.name, e.values);
    for (const p of e.written) out.wrote(p);
    out.unresolvedPaths += e.unresolved;
    if (e.eperm) out.permissionDenied(e.name);
  };
  const gone = (pid: number): void => {
    inside.delete(pid);
    known.delete(pid);
    waiting.delete(pid);
    unfinished.delete(pid);
    archOf.delete(pid);
    cwdOf.delete(pid);
  };

  const finished = (c: Call): void => {
    const failed = c.ret.startsWith('-1');
    // The cwd is tracked for every process (runc's chdir into the container happens before execve).
    if (c.name === 'chdir' && !failed) {
      const p = stringArg(c.args[0]);
      const cwd = cwdOf.get(c.pid);
      if (p !== undefined && p.startsWith('/')) cwdOf.set(c.pid, posix.normalize(p));
      else if (p !== undefined && cwd !== undefined) cwdOf.set(c.pid, posix.join(cwd, p));
      else cwdOf.delete(c.pid);
    } else if (c.name === 'fchdir' && !failed) cwdOf.delete(c.pid);

    if ((c.name === 'execve' || c.name === 'execveat') && !failed && !inside.has(c.pid)) {
      const path = stringArg(c.args[c.name === 'execve' ? 0 : 1]);
      if (path !== undefined && isProgram(path, opts.programs)) {
        // What this process did before was runc's.
        waiting.delete(c.pid);
        known.add(c.pid);
        inside.add(c.pid);
      }
    }
    const effect = effectOf(c, cwdOf.get(c.pid));
    if (inside.has(c.pid)) record(effect);
    else if (!known.has(c.pid)) {
      let w = waiting.get(c.pid);
      if (!w) waiting.set(c.pid, (w = []));
      w.push(effect);
    }
    const childPid = CHILD_RETURNING.has(c.name) ? childOf(c.ret) : undefined;
    if (childPid !== undefined) {
      const child = childPid;
      if (child > 0) {
        known.add(child);
        if (!archOf.has(child)) archOf.set(child, archOf.get(c.pid) ?? host);
        const cwd = cwdOf.get(c.pid);
        if (cwd !== undefined && !cwdOf.has(child)) cwdOf.set(child, cwd);
        const early = waiting.get(child) ?? [];
        waiting.delete(child);
        if (inside.has(c.pid)) {
          inside.add(child);
          for (const e of early) record(e);
        }
      }
    }
  };

  const effectOf = (c: Call, cwd: string | undefined): Effect => {
    let values: Map<number, bigint> | null = null;
    const wanted = RECORDED_ARGS.get(c.name);
    if (wanted) {
      values = new Map();
      for (const i of wanted) {
        // clone is printed in strace's own order with named fields; its flags are the kernel's arg0.
        const raw = c.name === 'clone' ? c.args.find((a) => a.startsWith('flags=')) : c.args[i];
        const v = raw === undefined ? undefined : numberArg(raw);
        if (v === undefined) {
          values = null;
          break;
        }
        values.set(i, v);
      }
    }
    const written: string[] = [];
    let unresolved = 0;
    const writes = PATH_WRITES.get(c.name);
    const errno = /^-1 (E[A-Z0-9]+)/.exec(c.ret)?.[1];
    // A write the read-only root refused is reported too: it says where the workload needs a writable path.
    if (writes && (errno === undefined || errno === 'EROFS') && c.ret !== '?' && opensForWriting(c)) {
      for (const [dirfd, at] of writes) {
        const p = stringArg(c.args[at]);
        if (p === undefined) {
          unresolved++;
          continue;
        }
        const fd = dirfd === null ? AT_FDCWD : numberArg(c.args[dirfd] ?? '');
        if (p.startsWith('/')) written.push(posix.normalize(p));
        else if (fd !== undefined && (fd === AT_FDCWD || fd === TWO_64 + AT_FDCWD) && cwd !== undefined) written.push(posix.join(cwd, p));
        else unresolved++;
      }
    }
    return { arch: c.arch, name: c.name, values, written, unresolved, eperm: errno === 'EPERM' };
  };

  const lines = text.split('\n');
  let first: number | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const mode = /\[ Process PID=(\d+) runs in (32 bit|x32|64 bit) mode\. \]/.exec(line);
    if (mode) {
      archOf.set(Number(mode[1]), mode[2] === '32 bit' ? compat : mode[2] === 'x32' ? 'x32' : host);
      continue;
    }
    const m = /^(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    first ??= pid;
    const rest = m[2]!;
    if (rest.startsWith('+++')) {
      const superseded = /superseded by execve in pid (\d+)/.exec(rest);
      if (superseded) {
        // A thread other than the leader ran execve: its call finishes under the leader's pid.
        const pending = unfinished.get(pid);
        const leader = Number(superseded[1]);
        gone(pid);
        if (pending !== undefined) unfinished.set(leader, pending);
      } else if (/^\+\+\+ (exited|killed)/.test(rest)) gone(pid);
      continue;
    }
    if (rest.startsWith('---')) continue;
    let callText: string;
    const resumed = /^<\.\.\. ([A-Za-z0-9_]+) resumed>(.*)$/.exec(rest);
    if (resumed) {
      const start = unfinished.get(pid);
      unfinished.delete(pid);
      // A resumed line without its start (the trace began mid-call) still names the call.
      callText = start !== undefined ? start + resumed[2]! : `${resumed[1]}(${resumed[2]!.replace(/^,\s*/, '')}`;
    } else if (rest.endsWith('<unfinished ...>')) {
      unfinished.set(pid, rest.slice(0, -'<unfinished ...>'.length).replace(/\s+$/, ''));
      continue;
    } else callText = rest;
    const call = splitCall(callText);
    if (!call) continue;
    const arch = archOf.get(pid) ?? host;
    let name = call.name;
    const numbered = /^syscall_(0x[0-9a-f]+|\d+)$/i.exec(name);
    if (numbered) {
      const n = Number(numbered[1]);
      const known32 = syscallName(arch, n);
      if (known32 === undefined) {
        out.unknown(`${arch}:${n}`);
        continue;
      }
      name = known32;
    } else if (!syscallExists(name, arch)) {
      // A name strace knows and libseccomp's table does not have on this ABI.
      out.unknown(`${arch}:${name}`);
      continue;
    }
    finished({ pid, arch, name, args: call.args, ret: call.ret });
  }
  // Processes whose parent no clone named: only the traced runc itself, unless the trace was made
  // without --pidns-translation and the workload's children (their pids in the container's pid
  // namespace) could not be placed. Their calls are missing: the recording is incomplete.
  for (const pid of waiting.keys()) if (pid !== first) out.lost++;
  return out.build();
}

/**
 * The child a clone, fork or vfork returned, as the trace names it: with --pidns-translation strace
 * adds the pid in its own namespace in a comment (`= 7`, then `9460 in strace's PID NS`), which is the one its lines
 * carry; without, the number is the one the caller's namespace sees.
 */
function childOf(ret: string): number | undefined {
  const m = /^(\d+)(?:\s*\/\*\s*(\d+) in strace's PID NS\s*\*\/)?/.exec(ret);
  if (!m) return undefined;
  const n = Number(m[2] ?? m[1]);
  return n > 0 ? n : undefined;
}

/** Whether an execve'd path is one of the programs: the same path, or the same file name for a program given without a folder. */
function isProgram(path: string, programs: readonly string[]): boolean {
  return programs.some((p) => p === path || (!p.includes('/') && posix.basename(path) === p) || posix.normalize(p) === posix.normalize(path));
}

/** Whether an open kind opens for writing (other path-writing calls always write). */
function opensForWriting(c: Call): boolean {
  const at = OPEN_FLAGS.get(c.name);
  if (at === undefined) return true;
  const arg = c.args[at];
  if (arg === undefined) return false;
  const flags = c.name === 'openat2' ? numberArg(/flags=([^,}]+)/.exec(arg)?.[1] ?? '') : numberArg(arg);
  return flags !== undefined && (flags & O_WRITE_FLAGS) !== 0n;
}

/** `name(args) = ret` → its parts, args split at top-level commas; null for a line that is no call. */
export function splitCall(text: string): { name: string; args: string[]; ret: string } | null {
  const open = text.indexOf('(');
  if (open <= 0) return null;
  const name = text.slice(0, open);
  if (!/^[A-Za-z0-9_]+$/.test(name)) return null;
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let i = open + 1;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ')' && depth === 0) break;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (i >= text.length) return null;
  const last = text.slice(start, i).trim();
  if (last !== '' || args.length > 0) args.push(last);
  const ret = /^\s*=\s*(.*)$/.exec(text.slice(i + 1));
  if (!ret) return null;
  return { name, args, ret: ret[1]!.trim() };
}

/** A numeric argument as strace prints it raw (`0x5401`, `17`, `-100`, `0666`, `NULL`, `flags=0x1200000|17`), as 64 bits; undefined otherwise. */
export function numberArg(text: string): bigint | undefined {
  const body = text.replace(/^[a-z_]+=/, '');
  let v = 0n;
  for (const part of body.split('|')) {
    const p = part.trim();
    let n: bigint;
    if (p === 'NULL') n = 0n;
    else if (/^0x[0-9a-f]+$/i.test(p)) n = BigInt(p);
    else if (/^0[0-7]+$/.test(p)) n = BigInt(`0o${p.slice(1)}`);
    else if (/^-?\d+$/.test(p)) n = BigInt(p);
    else return undefined;
    v |= n < 0n ? TWO_64 + n : n;
  }
  return v & (TWO_64 - 1n);
}

/** A string argument (`"/etc/redis.conf"`), its escapes decoded; undefined for anything else or a string strace cut short (`"…"...`). */
export function stringArg(text: string | undefined): string | undefined {
  if (text === undefined || !/^"(?:[^"\\]|\\.)*"$/.test(text)) return undefined;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const simple: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, v: 11, f: 12, '"': 34, '\\': 92, a: 7, b: 8 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      for (const b of new TextEncoder().encode(c)) bytes.push(b);
      continue;
    }
    const n = body[i + 1] ?? '';
    const hex = /^x([0-9a-fA-F]{2})/.exec(body.slice(i + 1));
    const oct = /^([0-7]{1,3})/.exec(body.slice(i + 1));
    if (hex) {
      bytes.push(parseInt(hex[1]!, 16));
      i += 3;
    } else if (oct) {
      bytes.push(parseInt(oct[1]!, 8) & 0xff);
      i += oct[1]!.length;
    } else if (simple[n] !== undefined) {
      bytes.push(simple[n]!);
      i += 1;
    } else {
      bytes.push(92);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
