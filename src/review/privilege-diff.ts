/**
 * The semantic diff of two compiled policies: what a workload may do after a change that it could
 * not do before (growth), what it may no longer do (reduction), and what changed without giving or
 * taking privilege (neutral). It compares PolicyIRs, so groups, presets and inheritance are already
 * expanded and two spellings of one policy compare equal.
 *
 * Pure: no file system, no process. Changes come out grouped by category in the order of
 * `CATEGORY_ORDER` (riskiest first) and, within a category, growth before reduction before neutral,
 * then in the category's own fixed order (the IR's sorted lists; for syscalls the architectures and
 * the default action first, then names alphabetically), so a pair of policies always gives one list.
 */
import { constantValue } from '../compiler/data/constants.js';
import { errnoName } from '../compiler/data/errno.js';
import { syscallExists } from '../compiler/data/syscall-table.js';
import type { Arch, DataMount, PolicyIR, PortMapping, SeccompAction, SeccompArg, SeccompIR } from '../compiler/ir.js';
import { permits } from '../compiler/ir-query.js';
import { conditionPhrase, conditionText, idMapText, networkModeText, selinuxText } from '../compiler/ir-text.js';
import { UNCONFINED_SELINUX_TYPES } from '../compiler/data/selinux-types.js';
import { FAMILY_CONSTANT, SOCK_TYPE_MASK, TYPE_CONSTANT, isSocketCall } from '../compiler/data/sockets.js';

/** Whether a change gives the workload more privilege, less, or neither. */
export type Direction = 'growth' | 'reduction' | 'neutral';

/** The categories, riskiest first: the order changes are listed in. */
export const CATEGORY_ORDER = ['capabilities', 'namespaces', 'user', 'confinement', 'syscalls', 'filesystem', 'network', 'limits', 'workload'] as const;

/** What part of the policy a change is about. */
export type Category = (typeof CATEGORY_ORDER)[number];

/** One change, on one line. */
export interface PrivilegeChange {
  readonly category: Category;
  readonly direction: Direction;
  /** What changed: a capability, a syscall, a path, a port, a limit (`CAP_NET_ADMIN`, `socket`, `/tmp`, `memory`). */
  readonly subject: string;
  /** The old and new value in words; null when the subject did not exist on that side. */
  readonly before: string | null;
  readonly after: string | null;
  /** For syscall changes that hold on only some of the compared architectures; null otherwise. */
  readonly arches: readonly Arch[] | null;
  /** The whole change as one sentence, e.g. `CAP_NET_ADMIN added`. */
  readonly message: string;
}

/** The diff of two policies. */
export interface PrivilegeDiff {
  readonly changes: readonly PrivilegeChange[];
  readonly summary: { readonly growth: number; readonly reduction: number; readonly neutral: number };
  /** True when any change is a growth: the case that asks for a security review. */
  readonly grew: boolean;
}

const DIRECTION_ORDER: Readonly<Record<Direction, number>> = { growth: 0, reduction: 1, neutral: 2 };
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/**
 * Natural order ("arg0 == 9" before "arg0 == 10"): runs of digits compare as numbers, the rest by
 * code unit. Written out rather than an Intl.Collator: the same on every machine, and no ICU
 * collator to build at start-up (~9 ms of every command).
 */
export function natural(a: string, b: string): number {
  const runs = (s: string): string[] => s.match(/\d+|\D+/g) ?? [];
  const [x, y] = [runs(a), runs(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (p === q) continue;
    const numeric = /^\d/.test(p) && /^\d/.test(q);
    if (numeric && BigInt(p) !== BigInt(q)) return BigInt(p) < BigInt(q) ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/** Compares two compiled policies. */
export function diffPrivileges(before: PolicyIR, after: PolicyIR): PrivilegeDiff {
  const out: PrivilegeChange[] = [];
  const add = (category: Category, direction: Direction, subject: string, b: string | null, a: string | null, message: string, arches: readonly Arch[] | null = null): void => {
    out.push({ category, direction, subject, before: b, after: a, arches, message });
  };
  capabilities(before, after, add);
  namespaces(before, after, add);
  user(before, after, add);
  confinement(before, after, add);
  syscalls(before.seccomp, after.seccomp, add);
  filesystem(before, after, add);
  network(before, after, add);
  limits(before, after, add);
  workload(before, after, add);
  const rank = (c: Category): number => CATEGORY_ORDER.indexOf(c);
  // Array.prototype.sort is stable: within a category and direction, the order they were found in.
  const changes = out.sort((x, y) => rank(x.category) - rank(y.category) || DIRECTION_ORDER[x.direction] - DIRECTION_ORDER[y.direction]);
  const count = (d: Direction): number => changes.filter((c) => c.direction === d).length;
  const summary = { growth: count('growth'), reduction: count('reduction'), neutral: count('neutral') };
  return { changes, summary, grew: summary.growth > 0 };
}

type Add = (category: Category, direction: Direction, subject: string, before: string | null, after: string | null, message: string, arches?: readonly Arch[] | null) => void;

/** Items only in `a`, only in `b`. */
function setDiff<T>(a: readonly T[], b: readonly T[]): { gone: T[]; came: T[] } {
  const sa = new Set(a);
  const sb = new Set(b);
  return { gone: a.filter((x) => !sb.has(x)), came: b.filter((x) => !sa.has(x)) };
}

/** growth when the rank went up, reduction when it went down. */
const byRank = (before: number, after: number): Direction => (after > before ? 'growth' : after < before ? 'reduction' : 'neutral');

// ---------------------------------------------------------------------------------------------
// capabilities, namespaces, user

function capabilities(b: PolicyIR, a: PolicyIR, add: Add): void {
  const { gone, came } = setDiff(b.capabilities, a.capabilities);
  for (const c of came) add('capabilities', 'growth', c, null, 'granted', `${c} added`);
  for (const c of gone) add('capabilities', 'reduction', c, 'granted', null, `${c} removed`);
}

/** How far a namespace setting opens the host: a private namespace is 0. */
const NAMESPACE_RANK: Readonly<Record<string, number>> = { private: 0, shareable: 1, host: 2 };

function namespaces(b: PolicyIR, a: PolicyIR, add: Add): void {
  for (const ns of ['network', 'pid', 'ipc', 'uts', 'cgroup'] as const) {
    const x = b.namespaces[ns];
    const y = a.namespaces[ns];
    if (x !== y) add('namespaces', byRank(NAMESPACE_RANK[x]!, NAMESPACE_RANK[y]!), `${ns} namespace`, x, y, `${ns} namespace: ${x} → ${y}`);
  }
  // A private user namespace maps root in the container to an unprivileged host user: `host` (no
  // user namespace) is the more privileged setting.
  const x = b.namespaces.user;
  const y = a.namespaces.user;
  if (x !== y) add('namespaces', x === 'private' ? 'growth' : 'reduction', 'user namespace', x, y, `user namespace: ${x} → ${y}`);
  // Which host ids the container's ids are: no more or less privilege, but a reviewer must see them.
  for (const [what, key] of [['uid map', 'uidMappings'], ['gid map', 'gidMappings']] as const) {
    const mb = idMapText(b.namespaces[key]);
    const ma = idMapText(a.namespaces[key]);
    if (x === 'private' && y === 'private' && mb !== ma) add('namespaces', 'neutral', what, mb, ma, `${what}: ${mb} → ${ma}`);
  }
}

function user(b: PolicyIR, a: PolicyIR, add: Add): void {
  const id = (what: 'uid' | 'gid', x: number, y: number): void => {
    if (x === y) return;
    const dir: Direction = y === 0 ? 'growth' : x === 0 ? 'reduction' : 'neutral';
    const root = what === 'uid' ? 'root' : 'the root group';
    const note = y === 0 ? ` (runs as ${root})` : x === 0 ? ` (no longer ${root})` : '';
    add('user', dir, what, String(x), String(y), `${what} ${x} → ${y}${note}`);
  };
  id('uid', b.user.uid, a.user.uid);
  id('gid', b.user.gid, a.user.gid);
  const { gone, came } = setDiff(b.user.additionalGids, a.user.additionalGids);
  for (const g of came) add('user', 'growth', `group ${g}`, null, 'member', `supplementary group ${g} added`);
  for (const g of gone) add('user', 'reduction', `group ${g}`, 'member', null, `supplementary group ${g} removed`);
  if (b.noNewPrivileges !== a.noNewPrivileges) {
    const on = (v: boolean): string => (v ? 'on' : 'off');
    add(
      'user',
      a.noNewPrivileges ? 'reduction' : 'growth',
      'no-new-privileges',
      on(b.noNewPrivileges),
      on(a.noNewPrivileges),
      a.noNewPrivileges ? 'no-new-privileges turned on' : 'no-new-privileges turned off (setuid and file capabilities can raise privilege)',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// confinement: the AppArmor profile, the SELinux label, the runtime


function confinement(b: PolicyIR, a: PolicyIR, add: Add): void {
  const pb = b.apparmor.profileName;
  const pa = a.apparmor.profileName;
  if (pb !== pa) {
    const rank = (p: string): number => (p === 'unconfined' ? 1 : 0);
    add('confinement', byRank(rank(pb), rank(pa)), 'apparmor', pb, pa, `AppArmor profile: ${pb} → ${pa}`);
  }
  const sb = selinuxText(b.selinux);
  const sa = selinuxText(a.selinux);
  if (sb !== sa) {
    const rank = (s: PolicyIR['selinux']): number => (s.disabled || (s.type !== null && UNCONFINED_SELINUX_TYPES.has(s.type)) ? 1 : 0);
    add('confinement', byRank(rank(b.selinux), rank(a.selinux)), 'selinux', sb, sa, `SELinux label: ${sb} → ${sa}`);
  }
  // runsc and kata give the workload a kernel of its own; runc, crun and the engine's default share the host's.
  const rt = (p: PolicyIR): string => p.runtime.name ?? "the engine's default";
  if (rt(b) !== rt(a)) {
    const rank = (p: PolicyIR): number => (p.runtime.name === 'runsc' || p.runtime.name === 'kata' ? 0 : 1);
    add('confinement', byRank(rank(b), rank(a)), 'runtime', rt(b), rt(a), `runtime: ${rt(b)} → ${rt(a)}`);
  }
  if (b.runtime.untrusted !== a.runtime.untrusted) {
    const u = (v: boolean): string => (v ? 'untrusted' : 'trusted');
    add('confinement', 'neutral', 'code', u(b.runtime.untrusted), u(a.runtime.untrusted), `the workload's code: marked ${u(b.runtime.untrusted)} → ${u(a.runtime.untrusted)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// syscalls

/** `allow`, `log`, `errno EPERM`, `kill`, `trap`. */
export function actionText(a: SeccompAction): string {
  return a.kind === 'errno' ? `errno ${errnoName(a.errno) ?? a.errno}` : a.kind;
}

/** allow and log let a syscall run; the other actions stop it. */

/**
 * What a filter does to one syscall on one architecture. Rules with conditions OR together; the
 * default action covers what no rule matches.
 */
type Status =
  | { readonly kind: 'blocked'; readonly action: string }
  | { readonly kind: 'allowed-if'; readonly when: readonly string[]; readonly alts: Alternatives } // runs only when one alternative holds
  | { readonly kind: 'allowed-unless'; readonly when: readonly string[]; readonly alts: Alternatives } // runs unless one alternative holds
  | { readonly kind: 'allowed' };

const STATUS_RANK: Readonly<Record<Status['kind'], number>> = { blocked: 0, 'allowed-if': 1, 'allowed-unless': 2, allowed: 3 };

function statusText(s: Status): string {
  switch (s.kind) {
    case 'blocked':
      return `blocked (${s.action})`;
    case 'allowed':
      return 'allowed';
    case 'allowed-if':
      return `allowed ${conditionPhrase('if', s.when)}`;
    case 'allowed-unless':
      return `allowed unless ${s.when.join(' or ')}`;
  }
}

/** Each alternative's text and the filter rules (conjunctions of comparisons) it stands for. */
type Alternatives = ReadonlyMap<string, readonly (readonly SeccompArg[])[]>;

/** The status of every syscall some rule names on `arch`. */
function statuses(f: SeccompIR, arch: Arch): Map<string, Status> {
  const byName = new Map<string, Conditional>();
  for (const r of f.rules) {
    if (!r.arches.includes(arch)) continue;
    for (const name of r.names) {
      let e = byName.get(name);
      if (!e) byName.set(name, (e = { permitAny: false, blockAny: null, permitIf: new Map(), blockIf: new Map() }));
      if (r.args.length === 0) {
        if (permits(r.action)) e.permitAny = true;
        else e.blockAny ??= r.action;
      } else {
        const alts = permits(r.action) ? e.permitIf : e.blockIf;
        const text = alternativeText(name, r);
        alts.set(text, [...(alts.get(text) ?? []), r.args]);
      }
    }
  }
  const out = new Map<string, Status>();
  for (const [name, e] of byName) out.set(name, resolveStatus(f.defaultAction, e));
  return out;
}

/**
 * One alternative of a rule, in a reviewer's words. The `socket` and `socketpair` alternatives that
 * the `protocols` grants made all carry the whole list as their text (`protocols tcp, unix`), so
 * narrowing six protocols to two would read as a new alternative beside six lost ones: they are told
 * by their comparisons instead (`arg0 == AF_INET and arg1 & 0xf == SOCK_STREAM`).
 */
function alternativeText(name: string, r: SeccompIR['rules'][number]): string {
  if (!isSocketCall(name) || !r.condition?.includes('protocols ')) return r.condition ?? conditionText(r.args);
  return r.args
    .map((a) => {
      const v = a.op === 'EQ' ? a.value : a.op === 'MASKED_EQ' ? a.valueTwo : null;
      if (a.index === 0 && v !== null && (a.op === 'EQ' || a.value === 0xffffffff)) {
        const family = Object.values(FAMILY_CONSTANT).find((c) => constantValue(c) === v);
        if (family) return `arg0 == ${family}`;
      }
      if (a.index === 1 && a.op === 'MASKED_EQ' && a.value === SOCK_TYPE_MASK) {
        const type = Object.values(TYPE_CONSTANT).find((c) => constantValue(c) === v);
        if (type) return `arg1 & 0x${SOCK_TYPE_MASK.toString(16)} == ${type}`;
      }
      return conditionText([a]);
    })
    .join(' and ');
}

/** What the rules naming one syscall say: unconditional allows and blocks, and the conditional alternatives by text. */
interface Conditional {
  permitAny: boolean;
  blockAny: SeccompAction | null;
  readonly permitIf: Map<string, (readonly SeccompArg[])[]>;
  readonly blockIf: Map<string, (readonly SeccompArg[])[]>;
}

function resolveStatus(defaultAction: SeccompAction, e: Conditional): Status {
  const texts = (alts: Alternatives): string[] => [...alts.keys()].sort(natural);
  if (e.permitAny) return { kind: 'allowed' };
  if (e.blockAny) return { kind: 'blocked', action: actionText(e.blockAny) };
  if (permits(defaultAction)) return e.blockIf.size > 0 ? { kind: 'allowed-unless', when: texts(e.blockIf), alts: e.blockIf } : { kind: 'allowed' };
  return e.permitIf.size > 0 ? { kind: 'allowed-if', when: texts(e.permitIf), alts: e.permitIf } : { kind: 'blocked', action: actionText(defaultAction) };
}

/**
 * Whether every call that `inner` lets through also passes one comparison `c` of the same argument:
 * the same comparison, or a mask test that `c`'s mask test follows from (`arg0 & 0x7e030000 ==
 * CLONE_THREAD` implies `arg0 & 0x7e020000 == 0`), or an equality whose value passes `c`.
 */
function impliesComparison(inner: readonly SeccompArg[], c: SeccompArg): boolean {
  const big = (n: number): bigint => BigInt(n);
  return inner.some((a) => {
    if (a.index !== c.index) return false;
    if (a.op === c.op && a.value === c.value && a.valueTwo === c.valueTwo) return true;
    if (c.op !== 'MASKED_EQ') return false;
    const mask = big(c.value);
    if (a.op === 'EQ') return (big(a.value) & mask) === big(c.valueTwo);
    return a.op === 'MASKED_EQ' && (big(a.value) & mask) === mask && (big(a.valueTwo) & mask) === big(c.valueTwo);
  });
}

/** Whether each rule of an alternative lies inside some rule of `outer` (a sufficient test: it may miss a cover, never invent one). */
function within(rules: readonly (readonly SeccompArg[])[], outer: Alternatives): boolean {
  const all = [...outer.values()].flat();
  return rules.every((r) => all.some((o) => o.every((c) => impliesComparison(r, c))));
}

/** The changes of one syscall on one architecture, as [direction, message-after-the-name] pairs. */
function statusChanges(x: Status, y: Status): [Direction, string][] {
  if (x.kind === y.kind && (x.kind === 'allowed-if' || x.kind === 'allowed-unless') && (y.kind === 'allowed-if' || y.kind === 'allowed-unless')) {
    const { gone, came } = setDiff(x.when, y.when);
    // More alternatives widen `allowed if` and narrow `allowed unless`. An alternative inside the
    // other side's alternatives changes nothing by itself: a narrowed condition (learn's `clone if
    // arg0 & 0x7e030000 == CLONE_THREAD` for `clone`'s no-namespace-flags) is the old one lost, not a new one gained.
    const widen = x.kind === 'allowed-if';
    const gained = came.filter((c) => !within(y.alts.get(c)!, x.alts));
    const lost = gone.filter((c) => !within(x.alts.get(c)!, y.alts));
    const narrowedTo = (c: string): string[] => came.filter((n) => within(y.alts.get(n)!, new Map([[c, x.alts.get(c)!]])));
    return [
      ...gained.map((c): [Direction, string] => [widen ? 'growth' : 'reduction', widen ? `now also allowed ${conditionPhrase('if', [c])}` : `now also blocked if ${c}`]),
      ...lost.map((c): [Direction, string] => {
        const to = narrowedTo(c);
        if (to.length > 0) return [widen ? 'reduction' : 'growth', widen ? `allowed ${conditionPhrase('if', [c])} → only ${conditionPhrase('if', to)}` : `blocked if ${c} → only if ${to.join(' or ')}`];
        return [widen ? 'reduction' : 'growth', widen ? `no longer allowed ${conditionPhrase('if', [c])}` : `no longer blocked if ${c}`];
      }),
    ];
  }
  const tx = statusText(x);
  const ty = statusText(y);
  if (tx === ty) return [];
  return [[byRank(STATUS_RANK[x.kind], STATUS_RANK[y.kind]), `${tx} → ${ty}`]];
}

function syscalls(b: SeccompIR, a: SeccompIR, add: Add): void {
  const { gone, came } = setDiff(b.architectures, a.architectures);
  // A filter refuses every syscall of an architecture it does not list: a new one opens its whole ABI.
  for (const arch of came) add('syscalls', 'growth', `arch ${arch}`, null, 'filtered', `architecture ${arch} added (its syscalls can now be made)`);
  for (const arch of gone) add('syscalls', 'reduction', `arch ${arch}`, 'filtered', null, `architecture ${arch} removed (its syscalls are now refused)`);
  const xd = actionText(b.defaultAction);
  const yd = actionText(a.defaultAction);
  if (xd !== yd) add('syscalls', byRank(permits(b.defaultAction) ? 1 : 0, permits(a.defaultAction) ? 1 : 0), 'default action', xd, yd, `default action: ${xd} → ${yd}`);

  // Per architecture that both filters cover, then merged: a change that holds on every such
  // architecture where the syscall exists is one line; one that holds on some names them.
  const common = b.architectures.filter((x) => a.architectures.includes(x));
  const found = new Map<string, { dir: Direction; name: string; text: string; before: string; after: string; arches: Arch[] }>();
  for (const arch of common) {
    const sx = statuses(b, arch);
    const sy = statuses(a, arch);
    const blockedBy = (f: SeccompIR): Status => resolveStatus(f.defaultAction, { permitAny: false, blockAny: null, permitIf: new Map(), blockIf: new Map() });
    for (const name of new Set([...sx.keys(), ...sy.keys()])) {
      const x = sx.get(name) ?? blockedBy(b);
      const y = sy.get(name) ?? blockedBy(a);
      for (const [dir, text] of statusChanges(x, y)) {
        const key = `${name}\u0000${dir}\u0000${text}`;
        const f = found.get(key);
        if (f) f.arches.push(arch);
        else found.set(key, { dir, name, text, before: statusText(x), after: statusText(y), arches: [arch] });
      }
    }
  }
  const sorted = [...found.values()].sort((x, y) => cmp(x.name, y.name) || cmp(x.text, y.text));
  for (const f of sorted) {
    const some = f.arches.length < common.filter((arch) => syscallExists(f.name, arch)).length;
    add('syscalls', f.dir, f.name, f.before, f.after, `${f.name}: ${f.text}${some ? ` (on ${f.arches.join(', ')} only)` : ''}`, some ? f.arches : null);
  }
}

// ---------------------------------------------------------------------------------------------
// filesystem

function filesystem(b: PolicyIR, a: PolicyIR, add: Add): void {
  const fb = b.filesystem;
  const fa = a.filesystem;
  if (fb.rootReadonly !== fa.rootReadonly) {
    const ro = (v: boolean): string => (v ? 'read-only' : 'writable');
    add('filesystem', fa.rootReadonly ? 'reduction' : 'growth', '/', ro(fb.rootReadonly), ro(fa.rootReadonly), `root filesystem: ${ro(fb.rootReadonly)} → ${ro(fa.rootReadonly)}`);
  }
  // `/` is in writablePaths exactly when the root is writable: said once, above.
  const writable = setDiff(
    fb.writablePaths.filter((p) => p !== '/'),
    fa.writablePaths.filter((p) => p !== '/'),
  );
  for (const p of writable.came) add('filesystem', 'growth', p, null, 'writable', `${p} writable`);
  for (const p of writable.gone) add('filesystem', 'reduction', p, 'writable', null, `${p} no longer writable`);

  // `read` and `exec` rules narrow what is otherwise broad: a new rule widens a narrowed set, and
  // the first rule narrows a broad one.
  for (const access of ['read', 'exec'] as const) {
    const verb = access === 'read' ? 'reads' : 'execution';
    const rb = fb[access === 'read' ? 'readRestricted' : 'execRestricted'];
    const ra = fa[access === 'read' ? 'readRestricted' : 'execRestricted'];
    const pb = fb.paths.filter((p) => p.access === access).map((p) => p.path);
    const pa = fa.paths.filter((p) => p.access === access).map((p) => p.path);
    if (!rb && ra) add('filesystem', 'reduction', `${access} rules`, 'any path', pa.join(', '), `${verb} limited to ${pa.join(', ')}`);
    else if (rb && !ra) add('filesystem', 'growth', `${access} rules`, pb.join(', '), 'any path', `${verb} no longer limited (were limited to ${pb.join(', ')})`);
    else if (rb && ra) {
      const d = setDiff(pb, pa);
      for (const p of d.came) add('filesystem', 'growth', p, null, access, `${access} ${p} added`);
      for (const p of d.gone) add('filesystem', 'reduction', p, access, null, `${access} ${p} removed`);
    }
  }
  const deny = setDiff(
    fb.paths.filter((p) => p.access === 'deny').map((p) => p.path),
    fa.paths.filter((p) => p.access === 'deny').map((p) => p.path),
  );
  for (const p of deny.came) add('filesystem', 'reduction', p, null, 'deny', `deny ${p} added`);
  for (const p of deny.gone) add('filesystem', 'growth', p, 'deny', null, `deny ${p} removed`);

  // A tmpfs is noexec unless the policy says `exec`.
  const execOf = (p: PolicyIR): Map<string, boolean> => new Map(p.filesystem.tmpfs.map((t) => [t.target, !t.options.includes('noexec')]));
  const eb = execOf(b);
  const ea = execOf(a);
  for (const [target, exec] of ea) {
    const was = eb.get(target);
    if (exec && was !== true) add('filesystem', 'growth', target, was === undefined ? null : 'noexec', 'exec', `tmpfs ${target} allows executing files`);
    else if (!exec && was === true) add('filesystem', 'reduction', target, 'exec', 'noexec', `tmpfs ${target} no longer allows executing files`);
  }

  const mount = (m: DataMount): string => (m.kind === 'bind' ? `host path ${m.source}` : `volume ${m.source}`);
  const mb = new Map(fb.mounts.map((m) => [m.target, m]));
  const ma = new Map(fa.mounts.map((m) => [m.target, m]));
  // Host paths are what a bind exposes; whether a mount is writable is said by the writable paths.
  for (const [target, m] of ma) {
    const was = mb.get(target);
    if (!was) add('filesystem', m.kind === 'bind' ? 'growth' : 'neutral', target, null, mount(m), `${mount(m)} mounted at ${target}`);
    else if (mount(was) !== mount(m))
      add('filesystem', m.kind === 'bind' ? 'growth' : was.kind === 'bind' ? 'reduction' : 'neutral', target, mount(was), mount(m), `mount at ${target}: ${mount(was)} → ${mount(m)}`);
  }
  for (const [target, m] of mb) if (!ma.has(target)) add('filesystem', m.kind === 'bind' ? 'reduction' : 'neutral', target, mount(m), null, `${mount(m)} no longer mounted at ${target}`);
  // SELinux relabelling changes the label of the source, not what the workload may do in it.
  const relabel = (m: DataMount | undefined): string => m?.relabel ?? 'none';
  for (const [target, m] of ma) {
    const was = mb.get(target);
    if (was && mount(was) === mount(m) && relabel(was) !== relabel(m))
      add('filesystem', 'neutral', `${target} relabel`, relabel(was), relabel(m), `relabel of ${mount(m)} at ${target}: ${relabel(was)} → ${relabel(m)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// network

/** `127.0.0.1:8080 -> 80/tcp`, `[::1]:8443 -> 8443/tcp`, `*:8080 -> 80/tcp` (every interface). */
export function portText(p: PortMapping): string {
  const ip = p.hostIp === null ? '*' : p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
  return `${ip}:${p.hostPort ?? 'ephemeral'} -> ${p.containerPort}/${p.protocol}`;
}

const MODE_RANK: Readonly<Record<string, number>> = { none: 0, bridge: 1, named: 1, networks: 1, host: 2 };

/** The rank of a mode; joining only internal networks reaches other members but nothing outside. */
const modeRank = (m: PolicyIR['network']['mode']): number => (m.kind === 'networks' && m.networks.every((n) => n.internal) ? 0.5 : MODE_RANK[m.kind]!);

function network(b: PolicyIR, a: PolicyIR, add: Add): void {
  const mode = (p: PolicyIR): string => networkModeText(p.network.mode);
  const mb = b.network.mode;
  const ma = a.network.mode;
  // Into or out of `host` is said by the network namespace line.
  if (mode(b) !== mode(a) && mb.kind !== 'host' && ma.kind !== 'host')
    add('network', byRank(modeRank(mb), modeRank(ma)), 'mode', mode(b), mode(a), `network mode: ${mode(b)} → ${mode(a)}`);
  const ports = setDiff(b.network.ports.map(portText), a.network.ports.map(portText));
  for (const p of ports.came) add('network', 'growth', p, null, 'published', `port ${p} published`);
  for (const p of ports.gone) add('network', 'reduction', p, 'published', null, `port ${p} no longer published`);
  const grant = (g: PolicyIR['network']['grants'][number]): string => (g.type === null ? `${g.family} sockets` : `${g.family} ${g.type} sockets`);
  const grants = setDiff(b.network.grants.map(grant), a.network.grants.map(grant));
  for (const g of grants.came) add('network', 'growth', g, null, 'allowed', `may open ${g}`);
  for (const g of grants.gone) add('network', 'reduction', g, 'allowed', null, `may no longer open ${g}`);
}

// ---------------------------------------------------------------------------------------------
// limits

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** `512MiB`, `1GiB`, `1536KiB`, `100B`. */
export function sizeText(n: number): string {
  for (const [unit, size] of [['TiB', 1024 * GiB], ['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) if (n >= size && n % size === 0) return `${n / size}${unit}`;
  return `${n}B`;
}

/**
 * One limit: raising or removing it gives the workload more, lowering or adding it takes some away.
 * `null` means no limit.
 */
function limit(add: Add, subject: string, x: number | null, y: number | null, show: (n: number) => string, none = 'unlimited'): void {
  if (x === y) return;
  const tx = x === null ? none : show(x);
  const ty = y === null ? none : show(y);
  if (x !== null && y !== null) add('limits', y > x ? 'growth' : 'reduction', subject, tx, ty, `${subject} ${y > x ? 'raised' : 'lowered'}: ${tx} → ${ty}`);
  else if (y === null) add('limits', 'growth', subject, tx, ty, `${subject} limit removed: ${tx} → ${ty}`);
  else add('limits', 'reduction', subject, tx, ty, `${subject} limit added: ${tx} → ${ty}`);
}

function limits(b: PolicyIR, a: PolicyIR, add: Add): void {
  const lb = b.limits;
  const la = a.limits;
  limit(add, 'memory', lb.memoryBytes, la.memoryBytes, sizeText);
  // memory-swap counts memory too; the swap a workload gets is the difference.
  const swap = (l: PolicyIR['limits']): number | null | undefined => (l.memoryBytes === null ? undefined : l.memorySwapBytes === null ? null : l.memorySwapBytes - l.memoryBytes);
  const sb = swap(lb);
  const sa = swap(la);
  if (sb !== undefined && sa !== undefined) limit(add, 'swap', sb, sa, sizeText);
  limit(add, 'cpus', lb.milliCpus, la.milliCpus, (m) => `${m / 1000}`, 'no quota');
  limit(add, 'pids', lb.pids, la.pids, String);
  // A reservation and CPU shares are guarantees and weights under contention, not ceilings.
  const soft = (subject: string, x: number | null, y: number | null, show: (n: number) => string): void => {
    if (x === y) return;
    const tx = x === null ? 'none' : show(x);
    const ty = y === null ? 'none' : show(y);
    add('limits', 'neutral', subject, tx, ty, `${subject}: ${tx} → ${ty}`);
  };
  soft('memory-reservation', lb.memoryReservationBytes, la.memoryReservationBytes, sizeText);
  soft('cpu-shares', lb.cpuShares, la.cpuShares, String);

  const ub = new Map(lb.ulimits.map((u) => [u.name, u]));
  const ua = new Map(la.ulimits.map((u) => [u.name, u]));
  const pair = (u: { soft: number; hard: number }): string => `${u.soft}:${u.hard}`;
  for (const [name, u] of ua) {
    const was = ub.get(name);
    const subject = `ulimit ${name}`;
    if (!was) add('limits', 'reduction', subject, "the engine's default", pair(u), `${subject} set: ${pair(u)} (was the engine's default)`);
    else if (pair(was) !== pair(u)) {
      // A process may raise its own soft limit up to the hard one: only the hard limit bounds it.
      const dir: Direction = u.hard > was.hard ? 'growth' : u.hard < was.hard ? 'reduction' : 'neutral';
      const verb = dir === 'growth' ? 'raised' : dir === 'reduction' ? 'lowered' : 'changed';
      add('limits', dir, subject, pair(was), pair(u), `${subject} ${verb}: ${pair(was)} → ${pair(u)}`);
    }
  }
  for (const [name, u] of ub) if (!ua.has(name)) add('limits', 'growth', `ulimit ${name}`, pair(u), "the engine's default", `ulimit ${name} removed: ${pair(u)} → the engine's default`);

  const tb = new Map(b.filesystem.tmpfs.map((t) => [t.target, t.sizeBytes]));
  for (const t of a.filesystem.tmpfs) {
    const was = tb.get(t.target);
    if (was !== undefined) limit(add, `tmpfs ${t.target} size`, was, t.sizeBytes, sizeText);
  }
}

// ---------------------------------------------------------------------------------------------
// the workload itself: no privilege, but a reviewer wants to see it

function workload(b: PolicyIR, a: PolicyIR, add: Add): void {
  const same = (subject: string, x: string, y: string): void => {
    if (x !== y) add('workload', 'neutral', subject, x, y, `${subject}: ${x} → ${y}`);
  };
  same('name', b.name, a.name);
  same('image', b.image, a.image);
  const sb = new Map(b.sysctls.map((s) => [s.name, s.value]));
  const sa = new Map(a.sysctls.map((s) => [s.name, s.value]));
  for (const [name, v] of sa) {
    const was = sb.get(name);
    if (was === undefined) add('workload', 'neutral', `sysctl ${name}`, null, v, `sysctl ${name} = ${v} added`);
    else same(`sysctl ${name}`, was, v);
  }
  for (const [name, v] of sb) if (!sa.has(name)) add('workload', 'neutral', `sysctl ${name}`, v, null, `sysctl ${name} removed (was ${v})`);
}
