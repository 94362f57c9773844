/**
 * The readers a statement's schema entry is composed from: a name, a list of names, a size, a path,
 * `SRC -> DST` mappings, syscall conditions, … Each reads a statement's values (or part of them)
 * through the decoder's context and returns the value with a span on each part, or null after
 * reporting what is wrong. Token-level forms (numbers, sizes, ports) are in values.ts.
 */
import type { StatementNode, ValueNode } from '../../../grammar/syntax-tree.js';
import type {
  ActionAst,
  ArgTerm,
  ArgValue,
  ConditionAst,
  ExtendsAst,
  IdMapAst,
  JoinAst,
  KeyValueAst,
  LimitValue,
  LintIgnoreAst,
  MountAst,
  PublishAst,
  SelinuxAst,
  SyscallRuleAst,
  TmpfsAst,
  UlimitAst,
} from '../ast.js';
import { diag } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import { REFUSED_LIMITS, type RefusedLimit } from '../data/refused-limits.js';
import { ULIMIT_NAMES } from '../data/ulimits.js';
import type { Spanned } from '../source.js';
import type { BlockInto, DecodeContext, SelinuxDraft, StatementReader } from './draft.js';
import { readCpus, readHostIp, readNumber, readPort, readSize, readSwitch, type Read } from './values.js';

/** Reads a value from a statement, or null after reporting. */
export type ValueReader<T> = (cx: DecodeContext, s: StatementNode) => T | null;

/** A value said once per block, kept in `key` of the block's draft: a second one is E0203. */
export function once<A, K extends keyof A>(key: K, read: ValueReader<NonNullable<A[K]>>): (cx: DecodeContext, s: StatementNode, into: A) => void {
  return (cx, s, into) => {
    into[key] = cx.once(s, into[key] as NonNullable<A[K]> | null, read(cx, s)) as A[K];
  };
}

/** A statement said any number of times, each adding to the list `key` of the block's draft. */
export function each<A, K extends keyof A>(key: K, read: ValueReader<A[K] extends (infer U)[] ? U | readonly U[] : never>): (cx: DecodeContext, s: StatementNode, into: A) => void {
  return (cx, s, into) => {
    const v = read(cx, s);
    if (v === null) return;
    const list = into[key] as unknown[];
    if (Array.isArray(v)) list.push(...(v as unknown[]));
    else list.push(v);
  };
}

/** One name, path or quoted text: `image "nginx:1.27"`, `workdir /srv`. */
export const one =
  (usage: string): ValueReader<Spanned<string>> =>
  (cx, s) =>
    s.values.length === 1 ? cx.spannedText(s.values[0]) : cx.usage(s, usage);

/** One or more words or quoted arguments, spanned as a whole: `command "nginx" "-g" "daemon off;"`. */
export const args =
  (usage: string): ValueReader<Spanned<readonly string[]>> =>
  (cx, s) => {
    const parts = s.values.map((v) => cx.text(v));
    if (parts.length === 0 || parts.some((p) => p === null)) return cx.usage(s, usage);
    return { value: parts as string[], span: { file: cx.src, start: s.values[0]!.start, end: s.values[s.values.length - 1]!.end } };
  };

/** A statement with no value, true at its keyword: `untrusted`. */
export const flag =
  (usage: string): ValueReader<Spanned<boolean>> =>
  (cx, s) =>
    s.values.length === 0 ? cx.sp(true, s.keyword) : cx.usage(s, usage, s.values[0]);

/** `on` or `off`. */
export const onOff: ValueReader<Spanned<boolean>> = (cx, s) =>
  s.values.length === 1 ? cx.readValue(s.values[0]!, readSwitch(cx.text(s.values[0]) ?? ''), 'switch (`on` or `off`)') : cx.usage(s, '`on` or `off`');

/**
 * Comma-separated names, each spanned. `usage` is reported at an item that is not one name (at its
 * second value when `at` is 'second', else its first) and, with `empty`, when there is none.
 */
export const names =
  (opts: { usage: string; at: 'first' | 'second'; empty?: string }): ValueReader<Spanned<string>[]> =>
  (cx, s) => {
    const its = cx.items(s.values);
    if (its.length === 0 && opts.empty !== undefined) cx.usage(s, opts.empty);
    const out: Spanned<string>[] = [];
    for (const it of its) {
      const t = it.length === 1 ? cx.spannedText(it[0]) : null;
      if (t) out.push(t);
      else cx.usage(s, opts.usage, opts.at === 'second' ? (it[1] ?? it[0]) : it[0]);
    }
    return out;
  };

/** Comma-separated names as one spanned list, at least one: `arch x86_64, aarch64`. */
export const nameList =
  (usage: string): ValueReader<Spanned<readonly Spanned<string>[]>> =>
  (cx, s) => {
    const list: Spanned<string>[] = [];
    for (const it of cx.items(s.values)) {
      const t = it.length === 1 ? cx.spannedText(it[0]) : null;
      if (t) list.push(t);
      else cx.usage(s, usage, it[0]);
    }
    if (list.length === 0) return cx.usage(s, usage);
    return { value: list, span: { file: cx.src, start: list[0]!.span.start, end: list[list.length - 1]!.span.end } };
  };

/** Comma-separated numbers, each spanned: `groups 20, 44`. */
export const numbers =
  (usage: string, what: string): ValueReader<Spanned<number>[]> =>
  (cx, s) => {
    const out: Spanned<number>[] = [];
    for (const it of cx.items(s.values)) {
      if (it.length !== 1) {
        cx.usage(s, usage, it[0]);
        continue;
      }
      const n = cx.readValue(it[0]!, readNumber(cx.text(it[0]) ?? ''), what);
      if (n) out.push(n);
    }
    return out;
  };

/** One word of a closed set: `root readonly`. Another word is E0210 at it. */
export const choice =
  <T extends string>(choices: readonly T[], what: string, usage: string): ValueReader<Spanned<T>> =>
  (cx, s) => {
    const t = s.values.length === 1 ? cx.text(s.values[0]) : null;
    if (t !== null && (choices as readonly string[]).includes(t)) return cx.sp(t as T, s.values[0]!);
    if (t !== null) {
      cx.report(diag('E0210', cx.span(s.values[0]!), { text: t, what, choices: usage }));
      return null;
    }
    return cx.usage(s, usage);
  };

/** `NAME = VALUE` (`env`, `sysctl`). */
export const pair =
  (form: string): ValueReader<KeyValueAst> =>
  (cx, s) =>
    keyValue(cx, s, s.values, form);

/** Comma-separated paths, each a rule of `access`: `read /etc/nginx/**, /usr/share/nginx/**`. */
export const paths =
  (access: 'read' | 'write' | 'exec' | 'deny'): ValueReader<{ access: typeof access; path: Spanned<string>; text: string }[]> =>
  (cx, s) => {
    const its = cx.items(s.values);
    if (its.length === 0) cx.usage(s, 'one or more paths, separated by commas');
    const out: { access: typeof access; path: Spanned<string>; text: string }[] = [];
    for (const it of its) {
      const p = it.length === 1 ? cx.spannedText(it[0]) : null;
      if (p) out.push({ access, path: p, text: `${access} ${p.value}` });
      else cx.usage(s, 'paths separated by commas', it[1] ?? it[0]);
    }
    return out;
  };

/** A nested block whose statements are read by their own entries in the schema. */
export const block =
  <B extends keyof BlockInto, A>(name: B, part: (into: A) => BlockInto[B]): ((cx: DecodeContext, s: StatementNode, into: A) => void) =>
  (cx, s, into) =>
    cx.walk(name, s.block!.statements, part(into));

// ── file ────────────────────────────────────────────────────────────────────────────────────

/** `extends "./base.secpol"` or `extends preset NAME`. */
export const extendsRef: ValueReader<ExtendsAst> = (cx, s) => {
  const [a, b, ...rest] = s.values;
  if (a?.kind === 'string' && !b) return { kind: 'file', path: cx.sp(a.value, a) };
  if (a?.kind === 'word' && a.text === 'preset' && b && rest.length === 0 && cx.text(b) !== null) return { kind: 'preset', name: cx.sp(cx.text(b)!, b) };
  return cx.usage(s, 'a quoted file path, or `preset NAME`');
};

// ── selinux ─────────────────────────────────────────────────────────────────────────────────

/** `selinux disable`, or `selinux { user U  role R  type T  level "L" }`. Parts are judged by a check. */
export function selinux(cx: DecodeContext, s: StatementNode): SelinuxAst | null {
  const parts: SelinuxDraft = { user: null, role: null, type: null, level: null };
  if (!s.block) {
    const v = s.values.length === 1 ? cx.spannedText(s.values[0]) : null;
    if (!v) return cx.usage(s, 'a block `selinux { type container_t; level "s0:c100,c200" }`, or `disable`');
    if (v.value !== 'disable') {
      const guess = suggest(v.value, ['disable']);
      cx.report(diag('E0210', v.span, { text: v.value, what: 'SELinux setting', choices: '`disable`, or a block `selinux { … }`' }, guess ? { suggestion: guess } : {}));
      return null;
    }
    return { span: cx.span(s.keyword), disable: v, ...parts };
  }
  if (s.values.length > 0) return cx.usage(s, 'either a block or `disable`, not both', s.values[0]);
  cx.walk('selinux', s.block.statements, parts);
  return { span: cx.span(s.keyword), disable: null, ...parts };
}

// ── limits ──────────────────────────────────────────────────────────────────────────────────

/** A limit's value, read after its name on a shared line; `unlimited` where it may be. */
export function limit<K extends 'memory' | 'memorySwap' | 'memoryReservation' | 'cpus' | 'cpuShares' | 'pids'>(
  key: K,
  read: (text: string) => Read<number>,
  what: string,
  unlimited: boolean,
): StatementReader<'limits'> {
  return (cx, s, lim) => {
    const v = s.values[0];
    const t = cx.text(v);
    if (!v || t === null) {
      cx.usage(s, 'a value', s.keyword);
      return null;
    }
    const val: LimitValue | null = unlimited && t === 'unlimited' ? cx.sp(null, v) : cx.readValue(v, read(t), what);
    lim[key] = cx.once(s, lim[key], val);
    return 1;
  };
}

/** `ulimit NAME SOFT[:HARD]`. */
export const ulimitStatement: StatementReader<'limits'> = (cx, s, lim) => {
  const [n, v] = s.values;
  const name = cx.spannedText(n);
  if (!name || !v) {
    cx.usage(s, '`ulimit NAME SOFT[:HARD]`');
    return null;
  }
  const u = ulimit(cx, name, v);
  if (u) lim.ulimits.push(u);
  return 2;
};

/**
 * One line of `limits { … }`, where several `name value` pairs may share a line
 * (`memory 512MiB  memory-reservation 256MiB`): each limit is read by its schema entry; a ulimit may
 * be written by its name alone (`nofile 1024:2048`), and an OOM knob is kept for a check to refuse.
 */
export function limitsLine(cx: DecodeContext, c: StatementNode, lim: BlockInto['limits']): void {
  const words: ValueNode[] = [{ kind: 'word', text: c.keyword.text, start: c.keyword.start, end: c.keyword.end }, ...c.values];
  let i = 0;
  while (i < words.length) {
    const k = words[i]!;
    const key = cx.text(k);
    if (k.kind !== 'word' || key === null) {
      cx.usage(c, 'pairs of a limit name and a value', k);
      break;
    }
    const stmt: StatementNode = { ...c, keyword: k, values: words.slice(i + 1) };
    const entry = cx.statement('limits', key);
    if (entry) {
      const took = entry.read(cx, stmt, lim);
      if (took === null) break;
      i += 1 + took;
      continue;
    }
    const v = words[i + 1];
    const isUlimit = (ULIMIT_NAMES as readonly string[]).includes(key);
    // Only an unknown key can be a refused knob (its spellings are guessed by edit distance).
    const knob = isUlimit ? null : refusedLimit(key);
    if (knob) {
      // Kept with its value skipped, so the check can refuse it by name and go on.
      lim.refused.push({ name: cx.sp(key, k), knob });
      i += v ? 2 : 1;
      continue;
    }
    if (!isUlimit) {
      const known = cx.keywords('limits');
      const guess = suggest(key, [...known, ...ULIMIT_NAMES]);
      cx.report(diag('E0201', cx.span(k), { keyword: key, where: 'the `limits` block' }, guess ? { suggestion: guess } : { help: `limits are ${known.join(', ')}, and ulimits by name (${ULIMIT_NAMES.join(', ')})` }));
      break;
    }
    if (!v || cx.text(v) === null) {
      cx.usage(stmt, 'a value', k);
      break;
    }
    i += 2;
    const u = ulimit(cx, cx.sp(key, k), v);
    if (u) lim.ulimits.push(u);
  }
}

/**
 * The OOM knob `key` names, if any: any spelling that starts with `oom` (Docker's flags, Compose's
 * snake_case keys, `oom-score-adjust` …), or a near miss of one (`omm-kill-disable`).
 */
function refusedLimit(key: string): RefusedLimit | null {
  const k = key.toLowerCase().replace(/_/g, '-');
  if (k.startsWith('oom')) return /score|adj/.test(k) ? 'oom-score-adj' : 'oom-kill-disable';
  return (suggest(k, REFUSED_LIMITS) as RefusedLimit | undefined) ?? null;
}

// ── lint ────────────────────────────────────────────────────────────────────────────────────

/** `ignore RULE [SUBJECT] "REASON"`. Rule ids and the reason are judged by a check. */
export const lintIgnore: ValueReader<LintIgnoreAst> = (cx, c) => {
  const vs = c.values;
  const last = vs[vs.length - 1];
  const reasonNode = last?.kind === 'string' && vs.length >= 2 ? last : undefined;
  const words = reasonNode ? vs.slice(0, -1) : vs;
  if (words.length < 1 || words.length > 2 || words.some((v) => v.kind !== 'word')) {
    return cx.usage(c, 'a rule id, optionally what it applies to, and a quoted reason: `ignore SPL101 SYS_ADMIN "REASON"`', words.find((v) => v.kind !== 'word'));
  }
  return {
    span: cx.span({ start: c.start, end: c.end }),
    rule: cx.spannedText(words[0])!,
    subject: words[1] ? cx.spannedText(words[1]) : null,
    reason: reasonNode ? cx.sp(reasonNode.value, reasonNode) : null,
  };
};

// ── the statements' own forms ───────────────────────────────────────────────────────────────

/** `NAME = VALUE` from `values` (the statement's, or a free-form block line's); `form` is shown in the usage error. */
export function keyValue(cx: DecodeContext, s: StatementNode, values: readonly ValueNode[], form: string): KeyValueAst | null {
  const vs = values.filter((v) => v.kind !== 'equals');
  const eqCount = values.length - vs.length;
  const [k, v] = vs;
  const key = cx.spannedText(k);
  const value = cx.spannedText(v);
  if (vs.length !== 2 || eqCount > 1 || !key || !value) return cx.usage(s, `\`${form}\``);
  return { span: cx.span({ start: s.start, end: s.end }), name: key, value };
}

/** `user UID[:GID]` (numeric, so the image's /etc/passwd cannot change who runs) or `user root`. */
export function user(cx: DecodeContext, s: StatementNode): Spanned<{ uid: number; gid: number; root: boolean }> | null {
  const v = s.values[0];
  const t = cx.text(v);
  if (s.values.length !== 1 || t === null || !v) return cx.usage(s, 'a numeric `UID:GID`, or `root`');
  if (t === 'root') return cx.sp({ uid: 0, gid: 0, root: true }, v);
  const m = /^([0-9]+)(?::([0-9]+))?$/.exec(t);
  if (!m) {
    cx.report(diag('E0207', cx.span(v), { text: t, what: 'user' }, { help: 'users are numeric, `UID:GID` such as `101:101`, so the image\'s /etc/passwd cannot change who runs; `root` runs as uid 0' }));
    return null;
  }
  const uid = Number(m[1]);
  const gid = m[2] === undefined ? uid : Number(m[2]);
  if (uid > 2 ** 32 - 2 || gid > 2 ** 32 - 2) {
    cx.report(diag('E0207', cx.span(v), { text: t, what: 'user' }, { help: 'ids are at most 4294967294' }));
    return null;
  }
  if (uid === 0) {
    cx.report(diag('E0505', cx.span(v), { text: t, why: 'uid 0 is root' }, { help: 'to run as root, say so: `user root`' }));
    return null;
  }
  return cx.sp({ uid, gid, root: false }, v);
}

/** `join NAME [internal]`: the name is judged by a check; the only option is `internal`. */
export function join(cx: DecodeContext, c: StatementNode): JoinAst | null {
  const name = c.values.length >= 1 && c.values.length <= 2 ? cx.spannedText(c.values[0]) : null;
  if (!name) return cx.usage(c, 'a network name, then optionally `internal`');
  let internal: Spanned<true> | null = null;
  const opt = c.values[1];
  if (opt) {
    const t = cx.text(opt);
    if (t !== 'internal') {
      const guess = t === null ? undefined : suggest(t, ['internal']);
      cx.report(diag('E0210', cx.span(opt), { text: t ?? opt.kind, what: 'network option', choices: '`internal`' }, guess ? { suggestion: guess } : {}));
      return null;
    }
    internal = cx.sp(true as const, opt);
  }
  return { span: cx.span({ start: c.start, end: c.end }), name, internal };
}

/** `publish [HOST_IP:][HOST_PORT] -> PORT[/tcp|udp]`. */
export function publish(cx: DecodeContext, c: StatementNode): PublishAst | null {
  const vs = c.values;
  const usage = '`[HOST_IP:][HOST_PORT] -> PORT[/tcp|udp]`';
  let hostV: ValueNode | undefined;
  let contV: ValueNode | undefined;
  if (vs.length === 3 && vs[1]!.kind === 'arrow') [hostV, , contV] = vs;
  else if (vs.length === 1) contV = vs[0];
  else return cx.usage(c, usage);
  const contT = cx.text(contV);
  if (contT === null || !contV) return cx.usage(c, usage);
  const m = /^([^/]*)(?:\/(.*))?$/.exec(contT)!;
  const port = cx.readValue(contV, readPort(m[1]!), 'port');
  const proto = m[2] ?? 'tcp';
  if (proto !== 'tcp' && proto !== 'udp') {
    cx.report(diag('E0210', cx.span(contV), { text: proto, what: 'protocol', choices: '`tcp` or `udp`' }));
    return null;
  }
  let hostIp: Spanned<string> | null = null;
  let hostPort: Spanned<number> | null = null;
  if (hostV) {
    const ht = cx.text(hostV);
    if (ht === null) return cx.usage(c, usage);
    const hm = /^(?:(.*):)?([0-9]*)$/.exec(ht);
    if (!hm) {
      cx.report(diag('E0503', cx.span(hostV), { text: ht }, { help: `write ${usage}` }));
      return null;
    }
    if (hm[1] !== undefined) {
      const ip = cx.readValue(hostV, readHostIp(hm[1]), 'address');
      if (!ip) return null;
      hostIp = ip;
    }
    if (hm[2] !== '') {
      hostPort = cx.readValue(hostV, readPort(hm[2]!), 'port');
      if (!hostPort) return null;
    }
  }
  if (!port) return null;
  return { span: cx.span({ start: c.start, end: c.end }), hostIp, hostPort, containerPort: port, protocol: cx.sp(proto, contV) };
}

/** `tmpfs PATH [size N] [mode OCTAL] [exec|noexec|nosuid|nodev|readonly]`. */
export function tmpfs(cx: DecodeContext, c: StatementNode): TmpfsAst | null {
  const [first, ...rest] = c.values;
  const target = cx.spannedText(first);
  if (!target) return cx.usage(c, 'a path and options: `tmpfs /tmp size 64MiB`');
  let size: Spanned<number> | null = null;
  let mode: Spanned<number> | null = null;
  let exec = false;
  let readonly = false;
  for (let i = 0; i < rest.length; i++) {
    const v = rest[i]!;
    const t = cx.text(v);
    if (t === 'size' || t === 'mode') {
      const n = rest[i + 1];
      i++;
      if (!n || cx.text(n) === null) return cx.usage(c, `a value after \`${t}\``, v);
      if (t === 'size') size = cx.readValue(n, readSize(cx.text(n)!), 'size');
      else {
        const mt = cx.text(n)!;
        const r = /^0?o?[0-7]{3,4}$/.test(mt) ? readNumber('0o' + mt.replace(/^0o?/, '').padStart(3, '0')) : ({ ok: false, why: 'mode', help: 'write the permission bits in octal, e.g. `mode 1777`' } as const);
        mode = cx.readValue(n, r, 'octal mode');
      }
    } else if (t === 'exec') exec = true;
    else if (t === 'noexec' || t === 'nosuid' || t === 'nodev') {
      // The defaults; accepted so policies may say them out loud.
    } else if (t === 'readonly') readonly = true;
    else {
      cx.report(diag('E0210', cx.span(v), { text: t ?? v.kind, what: 'tmpfs option', choices: '`size N`, `mode OCTAL`, `exec`, `noexec`, `nosuid`, `nodev`, `readonly`' }));
      return null;
    }
  }
  return { span: cx.span({ start: c.start, end: c.end }), target, size, mode, exec, readonly };
}

/** `volume NAME -> PATH [options]` or `bind "HOST_PATH" -> PATH [options]`. */
export function mount(cx: DecodeContext, c: StatementNode, kind: 'volume' | 'bind'): MountAst | null {
  const vs = c.values;
  const usage = kind === 'volume' ? '`volume NAME -> /path [readonly]`' : '`bind "/host/path" -> /path [readonly|writable]`';
  if (vs.length < 3 || vs[1]!.kind !== 'arrow') return cx.usage(c, usage);
  const source = cx.spannedText(vs[0]);
  const target = cx.spannedText(vs[2]);
  if (!source || !target) return cx.usage(c, usage);
  // Volumes hold data the workload writes; host binds are read-only unless said otherwise.
  let readonly = kind === 'bind';
  let mode: string | null = null;
  let relabel: Spanned<string> | null = null;
  // Options after the target, in any order: a mode, and `relabel shared|private` (judged by a check).
  for (let i = 3; i < vs.length; i++) {
    const v = vs[i]!;
    const t = cx.text(v);
    if ((t === 'readonly' || t === 'writable') && mode === null) {
      mode = t;
      readonly = t === 'readonly';
    } else if (t === 'relabel' && relabel === null) {
      const how = cx.spannedText(vs[i + 1]);
      if (!how) return cx.usage(c, '`relabel shared` or `relabel private` after the target', v);
      relabel = how;
      i++;
    } else {
      cx.report(diag('E0210', cx.span(v), { text: t ?? v.kind, what: 'mount option', choices: '`readonly`, `writable` or `relabel shared|private`, each once' }));
      return null;
    }
  }
  return { span: cx.span({ start: c.start, end: c.end }), kind, source, target, readonly, relabel };
}

/** A seccomp action: `errno NAME`, `kill`, `trap`, `log` or `allow`. */
export function action(cx: DecodeContext, c: StatementNode, vs: readonly ValueNode[]): Spanned<ActionAst> | null {
  const t = cx.text(vs[0]);
  const usage = '`errno NAME`, `kill`, `trap`, `log` or `allow`';
  if (!vs[0] || t === null) return cx.usage(c, usage);
  const whole = { start: vs[0].start, end: vs[vs.length - 1]!.end };
  if ((t === 'kill' || t === 'trap' || t === 'log' || t === 'allow') && vs.length === 1) return cx.sp({ kind: t }, whole);
  if (t === 'errno' && vs.length === 2 && cx.spannedText(vs[1])) return cx.sp({ kind: 'errno', errno: cx.spannedText(vs[1])! }, whole);
  if (t === 'errno' && vs.length === 1) return cx.usage(c, 'an errno after `errno`, e.g. `errno EPERM`', vs[0]);
  cx.report(diag('E0210', cx.span(vs[0]), { text: t, what: 'action', choices: usage }));
  return null;
}

/** `allow|deny NAMES [unrestricted] [if CONDITIONS] [with ACTION]`: one syscall rule, with its text as written. */
export function rule(cx: DecodeContext, c: StatementNode, verb: 'allow' | 'deny'): SyscallRuleAst | null {
  const vs = c.values;
  const ifAt = vs.findIndex((v) => v.kind === 'word' && v.text === 'if');
  const withAt = vs.findIndex((v) => v.kind === 'word' && v.text === 'with');
  let end = [ifAt, withAt].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), vs.length);
  // `allow clone unrestricted`: the word after the names lifts secpol's default argument restriction.
  let unrestricted: Spanned<true> | null = null;
  const last = vs[end - 1];
  if (end > 1 && last?.kind === 'word' && last.text === 'unrestricted' && vs[end - 2]?.kind !== 'comma') {
    unrestricted = cx.sp(true as const, last);
    end--;
  }
  const targets: Spanned<{ kind: 'name' | 'group'; name: string }>[] = [];
  for (const it of cx.items(vs.slice(0, end))) {
    const t = it.length === 1 ? cx.text(it[0]) : null;
    if (t === null) {
      cx.usage(c, 'syscall names or @groups separated by commas', it[1] ?? it[0]);
      return null;
    }
    targets.push(cx.sp(t.startsWith('@') ? { kind: 'group', name: t.slice(1) } : { kind: 'name', name: t }, it[0]!));
  }
  if (targets.length === 0) return cx.usage(c, 'syscall names or @groups, e.g. `allow read, write, @file-io`');
  let conds: ConditionAst[] = [];
  let act: Spanned<ActionAst> | null = null;
  if (ifAt >= 0) {
    const condEnd = withAt > ifAt ? withAt : vs.length;
    const read = conditions(cx, c, vs.slice(ifAt + 1, condEnd));
    if (!read) return null;
    conds = read;
  }
  if (withAt >= 0) {
    const actEnd = ifAt > withAt ? ifAt : vs.length;
    act = action(cx, c, vs.slice(withAt + 1, actEnd));
    if (!act) return null;
  }
  const text = cx.src.text.slice(c.start, c.end).replace(/\s+/g, ' ');
  return { verb, span: cx.span({ start: c.start, end: c.end }), text, targets, conditions: conds, action: act, unrestricted, precedence: cx.precedence };
}

/** `argN OP V`, `argN in [V, …]`, `argN & MASK == V`, `argN & MASK != V`, joined with `and`; V may be `A | B`. */
function conditions(cx: DecodeContext, c: StatementNode, vs: readonly ValueNode[]): ConditionAst[] | null {
  const groups: ValueNode[][] = [[]];
  for (const v of vs) {
    if (v.kind === 'word' && v.text === 'and') groups.push([]);
    else groups[groups.length - 1]!.push(v);
  }
  const out: ConditionAst[] = [];
  const usage = 'conditions such as `arg0 == AF_INET`, `arg0 in [AF_INET, AF_INET6]`, `arg1 & SOCK_TYPE_MASK == SOCK_STREAM` or `arg0 & CLONE_NEWUSER == 0`, joined with `and`';
  for (const g of groups) {
    const first = g[0];
    const m = first?.kind === 'word' ? /^arg([0-5])$/.exec(first.text) : null;
    if (!first || !m) return cx.usage(c, usage, first ?? c.keyword);
    const range = { start: first.start, end: g[g.length - 1]!.end };
    const span = cx.span(range);
    const text = cx.src.text.slice(range.start, range.end).replace(/\s+/g, ' ');
    const index = Number(m[1]);
    const opV = g[1];
    const a = g[2];
    if (opV?.kind === 'word' && opV.text === 'in' && a?.kind === 'list' && g.length === 3) {
      const values: Spanned<ArgValue>[] = [];
      for (const it of cx.items(a.items)) {
        const v = orValue(cx, it, 0);
        if (!v || v.next !== it.length) return cx.usage(c, usage, it[v?.next ?? 0] ?? a);
        values.push(v.value);
      }
      if (values.length === 0) return cx.usage(c, usage, a);
      out.push({ span, index, op: 'IN', values, mask: null, text });
    } else if (opV?.kind === 'operator' && opV.text === '&') {
      const mask = orValue(cx, g, 2);
      const op2 = mask ? g[mask.next] : undefined;
      if (!mask || op2?.kind !== 'operator') return cx.usage(c, usage, op2 ?? g[2] ?? opV);
      if (op2.text !== '==' && op2.text !== '!=') {
        cx.report(diag('E0210', cx.span(op2), { text: op2.text, what: 'operator after a mask', choices: '`==` or `!=` (seccomp tests a masked argument for equality)' }));
        return null;
      }
      const v = orValue(cx, g, mask.next + 1);
      if (!v || v.next !== g.length) return cx.usage(c, usage, g[v?.next ?? mask.next + 1] ?? op2);
      out.push({ span, index, op: op2.text === '==' ? 'MASKED_EQ' : 'MASKED_NE', values: [v.value], mask: mask.value, text });
    } else if (opV?.kind === 'operator' && opV.text !== '|') {
      const v = orValue(cx, g, 2);
      if (!v || v.next !== g.length) return cx.usage(c, usage, g[v?.next ?? 2] ?? opV);
      const ops = { '==': 'EQ', '!=': 'NE', '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE' } as const;
      out.push({ span, index, op: ops[opV.text as keyof typeof ops], values: [v.value], mask: null, text });
    } else return cx.usage(c, usage, opV ?? first);
  }
  return out;
}

/** `TERM | TERM …` starting at vs[k]: the value and the index after it, or null when vs[k] is no term. */
function orValue(cx: DecodeContext, vs: readonly ValueNode[], k: number): { value: Spanned<ArgValue>; next: number } | null {
  const first = vs[k] ? argTerm(cx, vs[k]!) : null;
  if (!first) return null;
  const terms = [first];
  let j = k + 1;
  while (vs[j]?.kind === 'operator' && (vs[j] as { text: string }).text === '|') {
    const t = vs[j + 1] ? argTerm(cx, vs[j + 1]!) : null;
    if (!t) return { value: first, next: j };
    terms.push(t);
    j += 2;
  }
  if (terms.length === 1) return { value: first, next: j };
  return { value: cx.sp({ kind: 'or', terms }, { start: vs[k]!.start, end: vs[j - 1]!.end }), next: j };
}

function argTerm(cx: DecodeContext, v: ValueNode): Spanned<ArgTerm> | null {
  if (v.kind !== 'word') return null;
  if (/^[0-9]/.test(v.text)) {
    const n = cx.readValue(v, readNumber(v.text), 'number');
    return n ? cx.sp({ kind: 'number', value: n.value }, v) : null;
  }
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.text)) return cx.sp({ kind: 'constant', name: v.text }, v);
  return null;
}

/** `uid-map CONTAINER_ID -> HOST_ID count SIZE`. Ranges are judged by the checks. */
export function idMap(cx: DecodeContext, c: StatementNode, kind: 'uid' | 'gid'): IdMapAst | null {
  const vs = c.values;
  const usage = `\`${kind}-map CONTAINER_ID -> HOST_ID count SIZE\``;
  const [from, arrow, to, countWord, size] = vs;
  if (vs.length !== 5 || arrow?.kind !== 'arrow' || cx.text(countWord) !== 'count' || !from || !to || !size) return cx.usage(c, usage);
  const what = kind === 'uid' ? 'user id' : 'group id';
  const read = (v: ValueNode, w: string): Spanned<number> | null => (v.kind === 'word' ? cx.readValue(v, readNumber(v.text), w) : cx.usage(c, usage, v));
  const containerId = read(from, what);
  const hostId = read(to, `host ${what}`);
  const n = read(size, 'id count');
  if (!containerId || !hostId || !n) return null;
  return { span: cx.span({ start: c.start, end: c.end }), kind, containerId, hostId, size: n };
}

/** A ulimit's `SOFT[:HARD]` value after its name. */
export function ulimit(cx: DecodeContext, name: Spanned<string>, v: ValueNode): UlimitAst | null {
  const t = cx.text(v) ?? '';
  // No `unlimited` for ulimits: an unbounded resource is what limits exist to prevent.
  const m = /^([0-9]+)(?::([0-9]+))?$/.exec(t);
  if (!m || !Number.isSafeInteger(Number(m[1])) || (m[2] !== undefined && !Number.isSafeInteger(Number(m[2])))) {
    cx.report(diag('E0207', cx.span(v), { text: t, what: 'ulimit value' }, { help: 'write `SOFT:HARD` such as `1024:2048`, or one number for both' }));
    return null;
  }
  const soft = Number(m[1]);
  const hard = m[2] === undefined ? soft : Number(m[2]);
  return { span: { file: cx.src, start: name.span.start, end: v.end }, name, soft, hard };
}
