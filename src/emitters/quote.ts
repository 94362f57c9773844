/**
 * Validation and quoting shared by the AppArmor, Compose and docker-run emitters.
 *
 * The checks reject bad values with a diagnostic long before emitting; these guards are the last
 * line, so a value that reaches an emitter in a shape its artifact cannot carry is a compiler bug
 * and is thrown as an internal error, never written.
 */
import { quote } from 'shell-quote';
import type { PortMapping, TmpfsMount } from '../compiler/ir.js';

/** Throws the error an emitter raises when the IR breaks an invariant the checks should have held. */
export function internalError(emitter: string, message: string): never {
  throw new Error(`internal error in the ${emitter} emitter: ${message}`);
}

/** Orders strings by UTF-16 code unit, never by locale, so sorted output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The shape of workload, profile and network names (the `names-are-valid` check enforces the same). */
export const NAME_RE = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
/**
 * The shape of an AppArmor profile name: a name, or `secpol-` and a workload name when the policy
 * names no profile, so up to 70 characters (AppArmor and Docker set no lower limit).
 */
export const PROFILE_NAME_RE = /^[a-z0-9][a-z0-9_.-]{0,69}$/;
/** Docker's shape for volume names; also what Compose allows as a top-level `volumes` key. */
export const VOLUME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
/** Environment variable names as the checks allow them: no `=`, so `NAME=value` splits once. */
export const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Dotted sysctl names (no `=`, no space), as `--sysctl k=v` and Compose's `sysctls` map need. */
export const SYSCTL_NAME_RE = /^[a-z0-9_]+(?:[./][a-z0-9_-]+)+$/;
/** Docker's ulimit names are lower-case words (`nofile`, `nproc`, …). */
export const ULIMIT_NAME_RE = /^[a-z]+$/;
/** Canonical capability names from the IR. */
export const CAPABILITY_RE = /^CAP_[A-Z0-9_]+$/;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** True when `s` holds a control character (newline, NUL, escape, …). */
export function hasControl(s: string): boolean {
  return CONTROL.test(s);
}

/** Returns `value` when it matches `re`, else raises an internal error naming `what`. */
export function expectShape(emitter: string, what: string, value: string, re: RegExp): string {
  if (!re.test(value)) internalError(emitter, `${what} ${JSON.stringify(value)} is not of the shape ${String(re)}`);
  return value;
}

/** Returns `n` when it is a safe integer within [min, max], else raises an internal error naming `what`. */
export function expectInteger(emitter: string, what: string, n: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(n) || n < min || n > max) internalError(emitter, `${what} ${String(n)} is not an integer in [${min}, ${max}]`);
  return n;
}

/** Returns an absolute, glob-free container path, else raises an internal error naming `what`. */
export function expectPlainPath(emitter: string, what: string, p: string): string {
  if (!p.startsWith('/') || hasControl(p) || /[*?]/.test(p)) internalError(emitter, `${what} ${JSON.stringify(p)} is not an absolute path without globs`);
  return p;
}

/** Returns an IP address literal (IPv4 dotted quad or IPv6 hex-and-colons), else raises an internal error. */
export function expectIp(emitter: string, ip: string): string {
  if (!/^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/.test(ip)) internalError(emitter, `host IP ${JSON.stringify(ip)} is not an address literal`);
  return ip;
}

/** CPUs in thousandths as a decimal (1500 → "1.5"): exact, since a ≤3-decimal number prints as written. */
export function cpusText(milliCpus: number): string {
  return String(milliCpus / 1000);
}

/** Octal permission bits as Docker and the kernel's tmpfs `mode=` read them (0o1777 → "1777"). */
export function octalText(mode: number): string {
  return mode.toString(8);
}

// Words made only of these characters mean themselves to every POSIX shell, so they stay bare for
// readability. `=` is left out of the first character: zsh expands a word starting with `=`.
const SHELL_BARE = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/**
 * One argument quoted for a POSIX shell. Plain words stay bare; anything else goes through
 * shell-quote's `quote`, which single-quotes (or, for a value with `'` and no `!`, double-quotes with
 * `\` before `"`, `\`, `$` and backtick). A newline stays a literal newline inside the quotes, which
 * POSIX sh reads back as part of the word. NUL cannot be in an argv and is an internal error.
 */
export function shellWord(emitter: string, arg: string): string {
  if (arg.includes('\u0000')) internalError(emitter, `argument ${JSON.stringify(arg)} contains NUL`);
  return SHELL_BARE.test(arg) ? arg : quote([arg]);
}

/**
 * One field of a Docker `--mount` value. The CLI reads the value as one CSV record (encoding/csv), so
 * a field holding `,`, `"` or a line break is written as a quoted CSV field with `"` doubled.
 */
export function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A published port as Docker's `-p` and Compose's short `ports` syntax both read it:
 * `[HOSTIP:][HOSTPORT:]PORT[/udp]`, an IPv6 host address in brackets, an empty host port for an
 * ephemeral one. (Compose's long syntax cannot be used: docker-compose 1.29 rejects `host_ip` there.)
 * TCP, both engines' default, is written as teams write it, without `/tcp`: docker-compose 1.29
 * merges a team's `ports` with secpol's by their spelled protocol, so `127.0.0.1:8080:80` and
 * `127.0.0.1:8080:80/tcp` would stay two mappings of one port, and the second bind would fail.
 */
export function dockerPortSpec(emitter: string, p: PortMapping): string {
  const port = (n: number, what: string): string => String(expectInteger(emitter, what, n, 1, 65535));
  if (p.protocol !== 'tcp' && p.protocol !== 'udp') internalError(emitter, `protocol ${JSON.stringify(p.protocol)} is not tcp or udp`);
  const target = `${port(p.containerPort, 'container port')}${p.protocol === 'udp' ? '/udp' : ''}`;
  const hostPort = p.hostPort === null ? '' : port(p.hostPort, 'host port');
  if (p.hostIp === null) return hostPort === '' ? target : `${hostPort}:${target}`;
  const ip = expectIp(emitter, p.hostIp);
  return `${ip.includes(':') ? `[${ip}]` : ip}:${hostPort}:${target}`;
}

const TMPFS_OPTIONS: ReadonlySet<string> = new Set(['noexec', 'nosuid', 'nodev', 'ro']);

/**
 * A tmpfs as Docker's `--tmpfs` and Compose's `tmpfs` list read it: `PATH:size=BYTES[,mode=OCTAL][,uid=U,gid=G],OPTS`
 * (Docker passes options it does not know, such as uid= and gid=, to the mount as tmpfs data).
 * Docker splits the value at its first `:`, so a target holding `:` cannot be written (internal error).
 * The kernel's tmpfs reads `size=` in bytes and `mode=` in octal.
 */
export function dockerTmpfsSpec(emitter: string, t: TmpfsMount): string {
  const target = expectPlainPath(emitter, 'tmpfs target', t.target);
  if (target.includes(':')) internalError(emitter, `tmpfs target ${JSON.stringify(target)} holds ":", which Docker reads as the start of the options`);
  for (const o of t.options) if (!TMPFS_OPTIONS.has(o)) internalError(emitter, `tmpfs option ${JSON.stringify(o)} is not one of ${[...TMPFS_OPTIONS].join(', ')}`);
  const opts = [`size=${expectInteger(emitter, 'tmpfs size', t.sizeBytes, 1)}`];
  if (t.mode !== null) opts.push(`mode=${octalText(expectInteger(emitter, 'tmpfs mode', t.mode, 0, 0o7777))}`);
  if (t.owner !== null) opts.push(`uid=${expectInteger(emitter, 'tmpfs uid', t.owner.uid, 0, 4294967294)}`, `gid=${expectInteger(emitter, 'tmpfs gid', t.owner.gid, 0, 4294967294)}`);
  opts.push(...t.options);
  return `${target}:${opts.join(',')}`;
}

/**
 * Text for a `#` comment, with JSON escapes for control characters, `"` and `\`, and `\uXXXX` for
 * NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, which YAML 1.1 readers (docker-compose 1.29) take as
 * line breaks. Nothing in the result can end the comment's line.
 */
export function commentText(s: string): string {
  return JSON.stringify(s)
    .slice(1, -1)
    .replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
