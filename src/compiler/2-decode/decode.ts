/**
 * Phase 2: syntax tree → typed policy AST. This is the schema of the language: which statements
 * each block accepts and the form of their values. Unknown statements get "did you mean", and a
 * statement written in the wrong block is named with the block it belongs to. Known names
 * (capabilities, syscalls, constants) are not resolved here: the checks do that, with context.
 */
import type { FileNode, StatementNode, ValueNode } from '../../../grammar/syntax-tree.js';
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
  PathRuleAst,
  SelinuxAst,
  PolicyAst,
  PublishAst,
  RefusedLimitAst,
  SyscallRuleAst,
  TmpfsAst,
  UlimitAst,
  WorkloadAst,
} from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import { REFUSED_LIMITS, type RefusedLimit } from '../data/refused-limits.js';
import { ULIMIT_NAMES } from '../data/ulimits.js';
import type { SourceFile, Span, Spanned } from '../source.js';
import { BLOCK_KEYWORDS, statementSchema, type BlockName } from './schema.js';
import { readCpus, readHostIp, readNumber, readPort, readSize, readSwitch, type Read } from './values.js';

export { BLOCK_KEYWORDS } from './schema.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** One item of a comma-separated list of values: its values between commas. */
type Item = ValueNode[];

/** Decodes one parsed file. `precedence` orders it among the policies it is merged with. */
export function decode(file: SourceFile, tree: FileNode, precedence: number): { ast: PolicyAst; diagnostics: Diagnostic[] } {
  const d = new Decoder(file, precedence);
  const ast = d.file(tree);
  return { ast, diagnostics: d.diagnostics };
}

class Decoder {
  readonly diagnostics: Diagnostic[] = [];
  /** The block whose statements are being read (null in a free-form block, `sysctls { … }`): whose examples a usage error shows. */
  private where: BlockName | null = 'file';
  constructor(
    private readonly src: SourceFile,
    private readonly precedence: number,
  ) {}

  private span(x: { start: number; end: number }): Span {
    return { file: this.src, start: x.start, end: x.end };
  }

  private sp<T>(value: T, x: { start: number; end: number }): Spanned<T> {
    return { value, span: this.span(x) };
  }

  private report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  private usage(s: StatementNode, usage: string, at?: { start: number; end: number }): null {
    const example = this.where ? statementSchema(this.where, s.keyword.text)?.example : undefined;
    this.report(diag('E0202', this.span(at ?? s.keyword), { statement: s.keyword.text, usage }, { help: `e.g. ${example ?? s.keyword.text}` }));
    return null;
  }

  private noBlock(s: StatementNode): void {
    if (s.block) this.report(diag('E0205', this.span({ start: s.block.start, end: s.block.start + 1 }), { statement: s.keyword.text, wants: 'no block' }));
  }

  /**
   * Starts reading a statement of `block`: its examples are that block's, and the schema's block
   * rule applies (an unknown statement takes no block either). False when it needs a block it lacks.
   */
  private enter(block: BlockName, s: StatementNode): boolean {
    this.where = block;
    const form = statementSchema(block, s.keyword.text)?.block ?? 'never';
    if (form === 'never') this.noBlock(s);
    else if (form === 'always') return this.needBlock(s);
    return true;
  }

  private needBlock(s: StatementNode): boolean {
    if (s.block) return true;
    this.report(diag('E0205', this.span(s.keyword), { statement: s.keyword.text, wants: 'a block' }, { help: `write \`${s.keyword.text} { … }\`` }));
    return false;
  }

  private unknown(s: StatementNode, where: BlockName): void {
    const kw = s.keyword.text;
    const home = (Object.keys(BLOCK_KEYWORDS) as BlockName[]).find((b) => b !== where && (BLOCK_KEYWORDS[b] as readonly string[]).includes(kw));
    const guess = suggest(kw, BLOCK_KEYWORDS[where]);
    const whereText = where === 'file' ? 'the top level of a policy' : where === 'workload' ? 'the workload block' : `the \`${where}\` block`;
    const help = home
      ? home === 'workload'
        ? `\`${kw}\` belongs directly in the \`workload NAME { … }\` block`
        : home === 'file'
          ? `\`${kw}\` belongs at the top level of the file`
          : `\`${kw}\` belongs in the \`${home} { … }\` block`
      : undefined;
    this.report(
      diag('E0201', this.span(s.keyword), { keyword: kw, where: whereText }, guess && !home ? { suggestion: guess } : { help: help ?? `expected one of: ${BLOCK_KEYWORDS[where].join(', ')}` }),
    );
  }

  /** Splits values at commas. */
  private items(values: readonly ValueNode[]): Item[] {
    const out: Item[] = [[]];
    for (const v of values) {
      if (v.kind === 'comma') out.push([]);
      else out[out.length - 1]!.push(v);
    }
    return out.filter((i) => i.length > 0);
  }

  /** A word or string as text. */
  private text(v: ValueNode | undefined): string | null {
    if (!v) return null;
    if (v.kind === 'word') return v.text;
    if (v.kind === 'string') return v.value;
    return null;
  }

  private spannedText(v: ValueNode | undefined): Spanned<string> | null {
    const t = this.text(v);
    return t === null || !v ? null : this.sp(t, v);
  }

  private readValue<T>(v: ValueNode, r: Read<T>, what: string): Spanned<T> | null {
    if (r.ok) return this.sp(r.value, v);
    const text = this.text(v) ?? v.kind;
    if (r.why === 'size') this.report(diag('E0208', this.span(v), { text }, { help: r.help ?? null }));
    else if (r.why === 'port') this.report(diag('E0503', this.span(v), { text }, { help: r.help ?? null }));
    else if (r.why === 'address') this.report(diag('E0504', this.span(v), { text }, { help: 'write `127.0.0.1:8080`, or an IPv6 address in brackets inside quotes: `"[::1]:8080"`' }));
    else this.report(diag('E0207', this.span(v), { text, what }, { help: r.help ?? null }));
    return null;
  }

  private once<T>(s: StatementNode, prev: T | null, next: T | null): T | null {
    if (prev !== null && next !== null) {
      this.report(diag('E0203', this.span(s.keyword), { statement: s.keyword.text }));
      return prev;
    }
    return next ?? prev;
  }

  // ── top level ──────────────────────────────────────────────────────────────────────────────

  file(tree: FileNode): PolicyAst {
    const ext: ExtendsAst[] = [];
    let workload: WorkloadAst | null = null;
    for (const s of tree.statements) {
      this.enter('file', s);
      switch (s.keyword.text) {
        case 'extends': {
          if (workload) this.report(diag('E0703', this.span(s.keyword), {}));
          const [a, b, ...rest] = s.values;
          if (a?.kind === 'string' && !b) ext.push({ kind: 'file', path: this.sp(a.value, a) });
          else if (a?.kind === 'word' && a.text === 'preset' && b && rest.length === 0 && this.text(b) !== null) ext.push({ kind: 'preset', name: this.sp(this.text(b)!, b) });
          else this.usage(s, 'a quoted file path, or `preset NAME`');
          break;
        }
        case 'workload': {
          if (workload) {
            this.report(diag('E0204', this.span(s.keyword), { problem: 'a policy file holds one workload, and this is the second' }, { help: 'put each workload in its own .secpol file' }));
            break;
          }
          const name = s.values.length === 1 ? this.spannedText(s.values[0]) : null;
          if (!name) {
            this.usage(s, 'a name and a block: `workload NAME { … }`');
            break;
          }
          if (!this.needBlock(s)) break;
          workload = this.workload(name, s);
          break;
        }
        default:
          this.unknown(s, 'file');
      }
    }
    if (!workload && this.diagnostics.length === 0)
      this.report(diag('E0204', { file: this.src, start: 0, end: 0 }, { problem: 'the file has no `workload NAME { … }` block' }, { help: 'a policy describes one workload: `workload web { image "nginx:1.27" }`' }));
    return { extends: ext, workload };
  }

  // ── workload ───────────────────────────────────────────────────────────────────────────────

  private workload(name: Spanned<string>, ws: StatementNode): WorkloadAst {
    const w: Mutable<WorkloadAst> = emptyWorkload(name) as Mutable<WorkloadAst>;
    const net = { mode: null as Spanned<string> | null, joins: [] as JoinAst[], publish: [] as PublishAst[], protocols: [] as Spanned<string>[] };
    const fs = { root: null as Spanned<'readonly' | 'writable'> | null, tmpfs: [] as TmpfsAst[], mounts: [] as MountAst[], paths: [] as PathRuleAst[] };
    const caps = { add: [] as Spanned<string>[], drop: [] as Spanned<string>[] };
    const sys = { defaultAction: null as Spanned<ActionAst> | null, baseline: null as Spanned<boolean> | null, rules: [] as SyscallRuleAst[] };
    const ns: Record<'pid' | 'ipc' | 'uts' | 'user' | 'cgroup', Spanned<string> | null> = { pid: null, ipc: null, uts: null, user: null, cgroup: null };
    const env: KeyValueAst[] = [];
    const sysctls: KeyValueAst[] = [];
    const groups: Spanned<number>[] = [];
    const ignores: LintIgnoreAst[] = [];
    const idMaps = { uid: [] as IdMapAst[], gid: [] as IdMapAst[] };
    const lim = {
      memory: null as LimitValue | null,
      memorySwap: null as LimitValue | null,
      memoryReservation: null as LimitValue | null,
      cpus: null as LimitValue | null,
      cpuShares: null as LimitValue | null,
      pids: null as LimitValue | null,
      ulimits: [] as UlimitAst[],
      refused: [] as RefusedLimitAst[],
    };
    for (const s of ws.block!.statements) {
      const kw = s.keyword.text;
      if (!this.enter('workload', s)) continue;
      switch (kw) {
        case 'image': {
          const v = s.values.length === 1 ? this.spannedText(s.values[0]) : this.usage(s, 'one image reference');
          w.image = this.once(s, w.image, v);
          break;
        }
        case 'command':
        case 'entrypoint': {
          const parts = s.values.map((v) => this.text(v));
          let v: Spanned<readonly string[]> | null = null;
          if (parts.length === 0 || parts.some((p) => p === null)) this.usage(s, 'one or more quoted arguments');
          else v = { value: parts as string[], span: { file: this.src, start: s.values[0]!.start, end: s.values[s.values.length - 1]!.end } };
          if (kw === 'command') w.command = this.once(s, w.command, v);
          else w.entrypoint = this.once(s, w.entrypoint, v);
          break;
        }
        case 'workdir':
        case 'hostname':
        case 'apparmor-profile': {
          const v = s.values.length === 1 ? this.spannedText(s.values[0]) : this.usage(s, kw === 'workdir' ? 'one absolute path' : 'one name');
          if (kw === 'workdir') w.workdir = this.once(s, w.workdir, v);
          else if (kw === 'hostname') w.hostname = this.once(s, w.hostname, v);
          else w.apparmorProfile = this.once(s, w.apparmorProfile, v);
          break;
        }
        case 'runtime': {
          const v = s.values.length === 1 ? this.spannedText(s.values[0]) : this.usage(s, 'one runtime name: `runc`, `crun`, `runsc` or `kata`');
          w.runtime = this.once(s, w.runtime, v);
          break;
        }
        case 'untrusted': {
          const v = s.values.length === 0 ? this.sp(true, s.keyword) : this.usage(s, 'no value: write `untrusted` alone', s.values[0]);
          w.untrusted = this.once(s, w.untrusted, v);
          break;
        }
        case 'selinux':
          w.selinux = this.once(s, w.selinux, this.selinux(s));
          break;
        case 'env': {
          const kv = this.keyValue(s, s.values, 'NAME = "value"');
          if (kv) env.push(kv);
          break;
        }
        case 'sysctl': {
          const kv = this.keyValue(s, s.values, 'NAME = VALUE');
          if (kv) sysctls.push(kv);
          break;
        }
        case 'user':
          w.user = this.once(s, w.user, this.user(s));
          break;
        case 'groups':
          for (const it of this.items(s.values)) {
            if (it.length !== 1) {
              this.usage(s, 'a comma-separated list of numeric group ids', it[0]);
              continue;
            }
            const n = this.readValue(it[0]!, readNumber(this.text(it[0]) ?? ''), 'group id');
            if (n) groups.push(n);
          }
          break;
        case 'no-new-privileges': {
          const v = s.values.length === 1 ? this.readValue(s.values[0]!, readSwitch(this.text(s.values[0]) ?? ''), 'switch (`on` or `off`)') : this.usage(s, '`on` or `off`');
          w.noNewPrivileges = this.once(s, w.noNewPrivileges, v);
          break;
        }
        case 'arch': {
          const list: Spanned<string>[] = [];
          for (const it of this.items(s.values)) {
            const t = it.length === 1 ? this.spannedText(it[0]) : null;
            if (t) list.push(t);
            else this.usage(s, 'a comma-separated list of architectures', it[0]);
          }
          if (list.length === 0) this.usage(s, 'a comma-separated list of architectures');
          else w.arch = this.once(s, w.arch, { value: list, span: { file: this.src, start: list[0]!.span.start, end: list[list.length - 1]!.span.end } });
          break;
        }
        case 'network':
          if (s.block) this.network(s, net);
          else if (s.values.length === 1 && this.spannedText(s.values[0])) net.mode = this.once(s, net.mode, this.spannedText(s.values[0]));
          else this.usage(s, 'a block `network { … }` or a mode: `network none`');
          break;
        case 'filesystem':
          this.filesystem(s, fs);
          break;
        case 'capabilities':
          this.capabilities(s, caps);
          break;
        case 'syscalls':
          this.syscalls(s, sys);
          break;
        case 'namespaces':
          this.namespaces(s, ns, idMaps);
          break;
        case 'sysctls':
          this.where = null;
          for (const c of s.block!.statements) {
            this.noBlock(c);
            const kv = this.keyValue(c, [{ kind: 'word', text: c.keyword.text, start: c.keyword.start, end: c.keyword.end }, ...c.values], 'NAME = VALUE');
            if (kv) sysctls.push(kv);
          }
          break;
        case 'limits':
          this.limits(s, lim);
          break;
        case 'lint':
          this.lint(s, ignores);
          break;
        default:
          this.unknown(s, 'workload');
      }
    }
    w.network = net;
    w.filesystem = fs;
    w.capabilities = caps;
    w.syscalls = sys;
    w.namespaces = ns;
    w.idMaps = idMaps;
    w.env = env;
    w.sysctls = sysctls;
    w.groups = groups;
    w.limits = lim;
    w.lint = { ignores };
    return w;
  }

  private keyValue(s: StatementNode, values: readonly ValueNode[], form: string): KeyValueAst | null {
    const vs = values.filter((v) => v.kind !== 'equals');
    const eqCount = values.length - vs.length;
    const [k, v] = vs;
    const key = this.spannedText(k);
    const value = this.spannedText(v);
    if (vs.length !== 2 || eqCount > 1 || !key || !value) return this.usage(s, `\`${form}\``);
    return { span: this.span({ start: s.start, end: s.end }), name: key, value };
  }

  private user(s: StatementNode): Spanned<{ uid: number; gid: number; root: boolean }> | null {
    const v = s.values[0];
    const t = this.text(v);
    if (s.values.length !== 1 || t === null || !v) return this.usage(s, 'a numeric `UID:GID`, or `root`');
    if (t === 'root') return this.sp({ uid: 0, gid: 0, root: true }, v);
    const m = /^([0-9]+)(?::([0-9]+))?$/.exec(t);
    if (!m) {
      this.report(diag('E0207', this.span(v), { text: t, what: 'user' }, { help: 'users are numeric, `UID:GID` such as `101:101`, so the image\'s /etc/passwd cannot change who runs; `root` runs as uid 0' }));
      return null;
    }
    const uid = Number(m[1]);
    const gid = m[2] === undefined ? uid : Number(m[2]);
    if (uid > 2 ** 32 - 2 || gid > 2 ** 32 - 2) {
      this.report(diag('E0207', this.span(v), { text: t, what: 'user' }, { help: 'ids are at most 4294967294' }));
      return null;
    }
    if (uid === 0) {
      this.report(diag('E0505', this.span(v), { text: t, why: 'uid 0 is root' }, { help: 'to run as root, say so: `user root`' }));
      return null;
    }
    return this.sp({ uid, gid, root: false }, v);
  }

  // ── selinux ────────────────────────────────────────────────────────────────────────────────

  /** `selinux disable`, or `selinux { user U  role R  type T  level "L" }`. Parts are judged by a check. */
  private selinux(s: StatementNode): SelinuxAst | null {
    const parts: Mutable<Pick<SelinuxAst, 'user' | 'role' | 'type' | 'level'>> = { user: null, role: null, type: null, level: null };
    if (!s.block) {
      const v = s.values.length === 1 ? this.spannedText(s.values[0]) : null;
      if (!v) return this.usage(s, 'a block `selinux { type container_t; level "s0:c100,c200" }`, or `disable`');
      if (v.value !== 'disable') {
        const guess = suggest(v.value, ['disable']);
        this.report(diag('E0210', v.span, { text: v.value, what: 'SELinux setting', choices: '`disable`, or a block `selinux { … }`' }, guess ? { suggestion: guess } : {}));
        return null;
      }
      return { span: this.span(s.keyword), disable: v, ...parts };
    }
    if (s.values.length > 0) return this.usage(s, 'either a block or `disable`, not both', s.values[0]);
    for (const c of s.block.statements) {
      this.enter('selinux', c);
      const kw = c.keyword.text;
      if (kw !== 'user' && kw !== 'role' && kw !== 'type' && kw !== 'level') {
        this.unknown(c, 'selinux');
        continue;
      }
      const v = c.values.length === 1 ? this.spannedText(c.values[0]) : this.usage(c, kw === 'level' ? 'one MLS level in quotes, e.g. `level "s0:c100,c200"`' : `one SELinux ${kw} name`);
      parts[kw] = this.once(c, parts[kw], v);
    }
    return { span: this.span(s.keyword), disable: null, ...parts };
  }

  // ── network ────────────────────────────────────────────────────────────────────────────────

  private network(s: StatementNode, net: { mode: Spanned<string> | null; joins: JoinAst[]; publish: PublishAst[]; protocols: Spanned<string>[] }): void {
    for (const c of s.block!.statements) {
      this.enter('network', c);
      switch (c.keyword.text) {
        case 'mode':
          net.mode = this.once(c, net.mode, c.values.length === 1 ? this.spannedText(c.values[0]) : this.usage(c, 'one of none, bridge, host, or a network name'));
          break;
        case 'join': {
          const j = this.join(c);
          if (j) net.joins.push(j);
          break;
        }
        case 'publish': {
          const p = this.publish(c);
          if (p) net.publish.push(p);
          break;
        }
        case 'protocols':
          for (const it of this.items(c.values)) {
            const t = it.length === 1 ? this.spannedText(it[0]) : null;
            if (t) net.protocols.push(t);
            else this.usage(c, 'a comma-separated list such as `tcp, udp, unix`', it[0]);
          }
          break;
        default:
          this.unknown(c, 'network');
      }
    }
  }

  /** `join NAME [internal]`: the name is judged by a check; the only option is `internal`. */
  private join(c: StatementNode): JoinAst | null {
    const name = c.values.length >= 1 && c.values.length <= 2 ? this.spannedText(c.values[0]) : null;
    if (!name) return this.usage(c, 'a network name, then optionally `internal`');
    let internal: Spanned<true> | null = null;
    const opt = c.values[1];
    if (opt) {
      const t = this.text(opt);
      if (t !== 'internal') {
        const guess = t === null ? undefined : suggest(t, ['internal']);
        this.report(diag('E0210', this.span(opt), { text: t ?? opt.kind, what: 'network option', choices: '`internal`' }, guess ? { suggestion: guess } : {}));
        return null;
      }
      internal = this.sp(true as const, opt);
    }
    return { span: this.span({ start: c.start, end: c.end }), name, internal };
  }

  private publish(c: StatementNode): PublishAst | null {
    const vs = c.values;
    const usage = '`[HOST_IP:][HOST_PORT] -> PORT[/tcp|udp]`';
    let hostV: ValueNode | undefined;
    let contV: ValueNode | undefined;
    if (vs.length === 3 && vs[1]!.kind === 'arrow') [hostV, , contV] = vs;
    else if (vs.length === 1) contV = vs[0];
    else return this.usage(c, usage);
    const contT = this.text(contV);
    if (contT === null || !contV) return this.usage(c, usage);
    const m = /^([^/]*)(?:\/(.*))?$/.exec(contT)!;
    const port = this.readValue(contV, readPort(m[1]!), 'port');
    const proto = m[2] ?? 'tcp';
    if (proto !== 'tcp' && proto !== 'udp') {
      this.report(diag('E0210', this.span(contV), { text: proto, what: 'protocol', choices: '`tcp` or `udp`' }));
      return null;
    }
    let hostIp: Spanned<string> | null = null;
    let hostPort: Spanned<number> | null = null;
    if (hostV) {
      const ht = this.text(hostV);
      if (ht === null) return this.usage(c, usage);
      const hm = /^(?:(.*):)?([0-9]*)$/.exec(ht);
      if (!hm) {
        this.report(diag('E0503', this.span(hostV), { text: ht }, { help: `write ${usage}` }));
        return null;
      }
      if (hm[1] !== undefined) {
        const ip = this.readValue(hostV, readHostIp(hm[1]), 'address');
        if (!ip) return null;
        hostIp = ip;
      }
      if (hm[2] !== '') {
        hostPort = this.readValue(hostV, readPort(hm[2]!), 'port');
        if (!hostPort) return null;
      }
    }
    if (!port) return null;
    return { span: this.span({ start: c.start, end: c.end }), hostIp, hostPort, containerPort: port, protocol: this.sp(proto, contV) };
  }

  // ── filesystem ─────────────────────────────────────────────────────────────────────────────

  private filesystem(s: StatementNode, fs: { root: Spanned<'readonly' | 'writable'> | null; tmpfs: TmpfsAst[]; mounts: MountAst[]; paths: PathRuleAst[] }): void {
    for (const c of s.block!.statements) {
      this.enter('filesystem', c);
      const kw = c.keyword.text;
      switch (kw) {
        case 'root': {
          const t = c.values.length === 1 ? this.text(c.values[0]) : null;
          if (t === 'readonly' || t === 'writable') fs.root = this.once(c, fs.root, this.sp(t, c.values[0]!));
          else if (t !== null) this.report(diag('E0210', this.span(c.values[0]!), { text: t, what: 'root file system mode', choices: '`readonly` or `writable`' }));
          else this.usage(c, '`readonly` or `writable`');
          break;
        }
        case 'tmpfs': {
          const t = this.tmpfs(c);
          if (t) fs.tmpfs.push(t);
          break;
        }
        case 'volume':
        case 'bind': {
          const m = this.mount(c, kw);
          if (m) fs.mounts.push(m);
          break;
        }
        case 'read':
        case 'write':
        case 'exec':
        case 'deny': {
          const its = this.items(c.values);
          if (its.length === 0) this.usage(c, 'one or more paths, separated by commas');
          for (const it of its) {
            const p = it.length === 1 ? this.spannedText(it[0]) : null;
            if (p) fs.paths.push({ access: kw, path: p, text: `${kw} ${p.value}` });
            else this.usage(c, 'paths separated by commas', it[1] ?? it[0]);
          }
          break;
        }
        default:
          this.unknown(c, 'filesystem');
      }
    }
  }

  private tmpfs(c: StatementNode): TmpfsAst | null {
    const [first, ...rest] = c.values;
    const target = this.spannedText(first);
    if (!target) return this.usage(c, 'a path and options: `tmpfs /tmp size 64MiB`');
    let size: Spanned<number> | null = null;
    let mode: Spanned<number> | null = null;
    let exec = false;
    let readonly = false;
    for (let i = 0; i < rest.length; i++) {
      const v = rest[i]!;
      const t = this.text(v);
      if (t === 'size' || t === 'mode') {
        const n = rest[i + 1];
        i++;
        if (!n || this.text(n) === null) return this.usage(c, `a value after \`${t}\``, v);
        if (t === 'size') size = this.readValue(n, readSize(this.text(n)!), 'size');
        else {
          const mt = this.text(n)!;
          const r = /^0?o?[0-7]{3,4}$/.test(mt) ? readNumber('0o' + mt.replace(/^0o?/, '').padStart(3, '0')) : ({ ok: false, why: 'mode', help: 'write the permission bits in octal, e.g. `mode 1777`' } as const);
          mode = this.readValue(n, r, 'octal mode');
        }
      } else if (t === 'exec') exec = true;
      else if (t === 'noexec' || t === 'nosuid' || t === 'nodev') {
        // The defaults; accepted so policies may say them out loud.
      } else if (t === 'readonly') readonly = true;
      else {
        this.report(diag('E0210', this.span(v), { text: t ?? v.kind, what: 'tmpfs option', choices: '`size N`, `mode OCTAL`, `exec`, `noexec`, `nosuid`, `nodev`, `readonly`' }));
        return null;
      }
    }
    return { span: this.span({ start: c.start, end: c.end }), target, size, mode, exec, readonly };
  }

  private mount(c: StatementNode, kind: 'volume' | 'bind'): MountAst | null {
    const vs = c.values;
    const usage = kind === 'volume' ? '`volume NAME -> /path [readonly]`' : '`bind "/host/path" -> /path [readonly|writable]`';
    if (vs.length < 3 || vs[1]!.kind !== 'arrow') return this.usage(c, usage);
    const source = this.spannedText(vs[0]);
    const target = this.spannedText(vs[2]);
    if (!source || !target) return this.usage(c, usage);
    // Volumes hold data the workload writes; host binds are read-only unless said otherwise.
    let readonly = kind === 'bind';
    let mode: string | null = null;
    let relabel: Spanned<string> | null = null;
    // Options after the target, in any order: a mode, and `relabel shared|private` (judged by a check).
    for (let i = 3; i < vs.length; i++) {
      const v = vs[i]!;
      const t = this.text(v);
      if ((t === 'readonly' || t === 'writable') && mode === null) {
        mode = t;
        readonly = t === 'readonly';
      } else if (t === 'relabel' && relabel === null) {
        const how = this.spannedText(vs[i + 1]);
        if (!how) return this.usage(c, '`relabel shared` or `relabel private` after the target', v);
        relabel = how;
        i++;
      } else {
        this.report(diag('E0210', this.span(v), { text: t ?? v.kind, what: 'mount option', choices: '`readonly`, `writable` or `relabel shared|private`, each once' }));
        return null;
      }
    }
    return { span: this.span({ start: c.start, end: c.end }), kind, source, target, readonly, relabel };
  }

  // ── capabilities ───────────────────────────────────────────────────────────────────────────

  private capabilities(s: StatementNode, caps: { add: Spanned<string>[]; drop: Spanned<string>[] }): void {
    for (const c of s.block!.statements) {
      this.enter('capabilities', c);
      const kw = c.keyword.text;
      if (kw !== 'add' && kw !== 'drop') {
        this.unknown(c, 'capabilities');
        continue;
      }
      const its = this.items(c.values);
      if (its.length === 0) this.usage(c, 'capability names separated by commas');
      for (const it of its) {
        const t = it.length === 1 ? this.spannedText(it[0]) : null;
        if (t) caps[kw].push(t);
        else this.usage(c, 'capability names separated by commas', it[1] ?? it[0]);
      }
    }
  }

  // ── syscalls ───────────────────────────────────────────────────────────────────────────────

  private syscalls(s: StatementNode, sys: { defaultAction: Spanned<ActionAst> | null; baseline: Spanned<boolean> | null; rules: SyscallRuleAst[] }): void {
    for (const c of s.block!.statements) {
      this.enter('syscalls', c);
      const kw = c.keyword.text;
      switch (kw) {
        case 'default': {
          const a = this.action(c, c.values);
          if (a) sys.defaultAction = this.once(c, sys.defaultAction, a);
          break;
        }
        case 'baseline': {
          const v = c.values.length === 1 ? this.readValue(c.values[0]!, readSwitch(this.text(c.values[0]) ?? ''), 'switch (`on` or `off`)') : this.usage(c, '`on` or `off`');
          sys.baseline = this.once(c, sys.baseline, v);
          break;
        }
        case 'allow':
        case 'deny': {
          const r = this.rule(c, kw);
          if (r) sys.rules.push(r);
          break;
        }
        default:
          this.unknown(c, 'syscalls');
      }
    }
  }

  private action(c: StatementNode, vs: readonly ValueNode[]): Spanned<ActionAst> | null {
    const t = this.text(vs[0]);
    const usage = '`errno NAME`, `kill`, `trap`, `log` or `allow`';
    if (!vs[0] || t === null) return this.usage(c, usage);
    const whole = { start: vs[0].start, end: vs[vs.length - 1]!.end };
    if ((t === 'kill' || t === 'trap' || t === 'log' || t === 'allow') && vs.length === 1) return this.sp({ kind: t }, whole);
    if (t === 'errno' && vs.length === 2 && this.spannedText(vs[1])) return this.sp({ kind: 'errno', errno: this.spannedText(vs[1])! }, whole);
    if (t === 'errno' && vs.length === 1) return this.usage(c, 'an errno after `errno`, e.g. `errno EPERM`', vs[0]);
    this.report(diag('E0210', this.span(vs[0]), { text: t, what: 'action', choices: usage }));
    return null;
  }

  private rule(c: StatementNode, verb: 'allow' | 'deny'): SyscallRuleAst | null {
    const vs = c.values;
    const ifAt = vs.findIndex((v) => v.kind === 'word' && v.text === 'if');
    const withAt = vs.findIndex((v) => v.kind === 'word' && v.text === 'with');
    let end = [ifAt, withAt].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), vs.length);
    // `allow clone unrestricted`: the word after the names lifts secpol's default argument restriction.
    let unrestricted: Spanned<true> | null = null;
    const last = vs[end - 1];
    if (end > 1 && last?.kind === 'word' && last.text === 'unrestricted' && vs[end - 2]?.kind !== 'comma') {
      unrestricted = this.sp(true as const, last);
      end--;
    }
    const targets: Spanned<{ kind: 'name' | 'group'; name: string }>[] = [];
    for (const it of this.items(vs.slice(0, end))) {
      const t = it.length === 1 ? this.text(it[0]) : null;
      if (t === null) {
        this.usage(c, 'syscall names or @groups separated by commas', it[1] ?? it[0]);
        return null;
      }
      targets.push(this.sp(t.startsWith('@') ? { kind: 'group', name: t.slice(1) } : { kind: 'name', name: t }, it[0]!));
    }
    if (targets.length === 0) return this.usage(c, 'syscall names or @groups, e.g. `allow read, write, @file-io`');
    let conditions: ConditionAst[] = [];
    let action: Spanned<ActionAst> | null = null;
    if (ifAt >= 0) {
      const condEnd = withAt > ifAt ? withAt : vs.length;
      const conds = this.conditions(c, vs.slice(ifAt + 1, condEnd));
      if (!conds) return null;
      conditions = conds;
    }
    if (withAt >= 0) {
      const actEnd = ifAt > withAt ? ifAt : vs.length;
      action = this.action(c, vs.slice(withAt + 1, actEnd));
      if (!action) return null;
    }
    const text = this.src.text.slice(c.start, c.end).replace(/\s+/g, ' ');
    return { verb, span: this.span({ start: c.start, end: c.end }), text, targets, conditions, action, unrestricted, precedence: this.precedence };
  }

  /** `argN OP V`, `argN in [V, …]`, `argN & MASK == V`, `argN & MASK != V`, joined with `and`; V may be `A | B`. */
  private conditions(c: StatementNode, vs: readonly ValueNode[]): ConditionAst[] | null {
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
      if (!first || !m) return this.usage(c, usage, first ?? c.keyword);
      const range = { start: first.start, end: g[g.length - 1]!.end };
      const span = this.span(range);
      const text = this.src.text.slice(range.start, range.end).replace(/\s+/g, ' ');
      const index = Number(m[1]);
      const opV = g[1];
      const a = g[2];
      if (opV?.kind === 'word' && opV.text === 'in' && a?.kind === 'list' && g.length === 3) {
        const values: Spanned<ArgValue>[] = [];
        for (const it of this.items(a.items)) {
          const v = this.orValue(it, 0);
          if (!v || v.next !== it.length) return this.usage(c, usage, it[v?.next ?? 0] ?? a);
          values.push(v.value);
        }
        if (values.length === 0) return this.usage(c, usage, a);
        out.push({ span, index, op: 'IN', values, mask: null, text });
      } else if (opV?.kind === 'operator' && opV.text === '&') {
        const mask = this.orValue(g, 2);
        const op2 = mask ? g[mask.next] : undefined;
        if (!mask || op2?.kind !== 'operator') return this.usage(c, usage, op2 ?? g[2] ?? opV);
        if (op2.text !== '==' && op2.text !== '!=') {
          this.report(diag('E0210', this.span(op2), { text: op2.text, what: 'operator after a mask', choices: '`==` or `!=` (seccomp tests a masked argument for equality)' }));
          return null;
        }
        const v = this.orValue(g, mask.next + 1);
        if (!v || v.next !== g.length) return this.usage(c, usage, g[v?.next ?? mask.next + 1] ?? op2);
        out.push({ span, index, op: op2.text === '==' ? 'MASKED_EQ' : 'MASKED_NE', values: [v.value], mask: mask.value, text });
      } else if (opV?.kind === 'operator' && opV.text !== '|') {
        const v = this.orValue(g, 2);
        if (!v || v.next !== g.length) return this.usage(c, usage, g[v?.next ?? 2] ?? opV);
        const ops = { '==': 'EQ', '!=': 'NE', '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE' } as const;
        out.push({ span, index, op: ops[opV.text as keyof typeof ops], values: [v.value], mask: null, text });
      } else return this.usage(c, usage, opV ?? first);
    }
    return out;
  }

  /** `TERM | TERM …` starting at vs[k]: the value and the index after it, or null when vs[k] is no term. */
  private orValue(vs: readonly ValueNode[], k: number): { value: Spanned<ArgValue>; next: number } | null {
    const first = vs[k] ? this.argTerm(vs[k]!) : null;
    if (!first) return null;
    const terms = [first];
    let j = k + 1;
    while (vs[j]?.kind === 'operator' && (vs[j] as { text: string }).text === '|') {
      const t = vs[j + 1] ? this.argTerm(vs[j + 1]!) : null;
      if (!t) return { value: first, next: j };
      terms.push(t);
      j += 2;
    }
    if (terms.length === 1) return { value: first, next: j };
    return { value: this.sp({ kind: 'or', terms }, { start: vs[k]!.start, end: vs[j - 1]!.end }), next: j };
  }

  private argTerm(v: ValueNode): Spanned<ArgTerm> | null {
    if (v.kind !== 'word') return null;
    if (/^[0-9]/.test(v.text)) {
      const n = this.readValue(v, readNumber(v.text), 'number');
      return n ? this.sp({ kind: 'number', value: n.value }, v) : null;
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.text)) return this.sp({ kind: 'constant', name: v.text }, v);
    return null;
  }

  // ── namespaces ─────────────────────────────────────────────────────────────────────────────

  private namespaces(s: StatementNode, ns: Record<'pid' | 'ipc' | 'uts' | 'user' | 'cgroup', Spanned<string> | null>, idMaps: { uid: IdMapAst[]; gid: IdMapAst[] }): void {
    for (const c of s.block!.statements) {
      this.enter('namespaces', c);
      const kw = c.keyword.text;
      if (kw === 'uid-map' || kw === 'gid-map') {
        const m = this.idMap(c, kw === 'uid-map' ? 'uid' : 'gid');
        if (m) idMaps[m.kind].push(m);
      } else if (kw === 'pid' || kw === 'ipc' || kw === 'uts' || kw === 'user' || kw === 'cgroup') {
        const v = c.values.length === 1 ? this.spannedText(c.values[0]) : this.usage(c, '`private` or `host`');
        ns[kw] = this.once(c, ns[kw], v);
      } else if (kw === 'network' || kw === 'net') {
        this.report(diag('E0201', this.span(c.keyword), { keyword: kw, where: 'the `namespaces` block' }, { help: 'the network namespace follows the network mode: write `network { mode host }` or `network none`' }));
      } else this.unknown(c, 'namespaces');
    }
  }

  /** `uid-map CONTAINER_ID -> HOST_ID count SIZE`. Ranges are judged by the checks. */
  private idMap(c: StatementNode, kind: 'uid' | 'gid'): IdMapAst | null {
    const vs = c.values;
    const usage = `\`${kind}-map CONTAINER_ID -> HOST_ID count SIZE\``;
    const [from, arrow, to, countWord, size] = vs;
    if (vs.length !== 5 || arrow?.kind !== 'arrow' || this.text(countWord) !== 'count' || !from || !to || !size) return this.usage(c, usage);
    const what = kind === 'uid' ? 'user id' : 'group id';
    const read = (v: ValueNode, w: string): Spanned<number> | null => (v.kind === 'word' ? this.readValue(v, readNumber(v.text), w) : this.usage(c, usage, v));
    const containerId = read(from, what);
    const hostId = read(to, `host ${what}`);
    const n = read(size, 'id count');
    if (!containerId || !hostId || !n) return null;
    return { span: this.span({ start: c.start, end: c.end }), kind, containerId, hostId, size: n };
  }

  // ── limits ─────────────────────────────────────────────────────────────────────────────────

  private limits(s: StatementNode, lim: { memory: LimitValue | null; memorySwap: LimitValue | null; memoryReservation: LimitValue | null; cpus: LimitValue | null; cpuShares: LimitValue | null; pids: LimitValue | null; ulimits: UlimitAst[]; refused: RefusedLimitAst[] }): void {
    for (const c of s.block!.statements) {
      this.enter('limits', c);
      // Several `name value` pairs may share a line: `memory 512MiB  memory-reservation 256MiB`.
      const words: ValueNode[] = [{ kind: 'word', text: c.keyword.text, start: c.keyword.start, end: c.keyword.end }, ...c.values];
      let i = 0;
      while (i < words.length) {
        const k = words[i]!;
        const key = this.text(k);
        if (k.kind !== 'word' || key === null) {
          this.usage(c, 'pairs of a limit name and a value', k);
          break;
        }
        const stmt: StatementNode = { ...c, keyword: k, values: words.slice(i + 1) };
        if (key === 'ulimit') {
          const [n, v] = [words[i + 1], words[i + 2]];
          const name = this.spannedText(n);
          if (!name || !v) {
            this.usage(stmt, '`ulimit NAME SOFT[:HARD]`');
            break;
          }
          const u = this.ulimit(name, v);
          if (u) lim.ulimits.push(u);
          i += 3;
          continue;
        }
        const v = words[i + 1];
        const known = (BLOCK_KEYWORDS.limits as readonly string[]).includes(key) || (ULIMIT_NAMES as readonly string[]).includes(key);
        // Only an unknown key can be a refused knob (its spellings are guessed by edit distance).
        const knob = known ? null : refusedLimit(key);
        if (knob) {
          // Kept with its value skipped, so the check can refuse it by name and go on.
          lim.refused.push({ name: this.sp(key, k), knob });
          i += v ? 2 : 1;
          continue;
        }
        if (!known) {
          const guess = suggest(key, [...BLOCK_KEYWORDS.limits, ...ULIMIT_NAMES]);
          this.report(diag('E0201', this.span(k), { keyword: key, where: 'the `limits` block' }, guess ? { suggestion: guess } : { help: `limits are ${BLOCK_KEYWORDS.limits.join(', ')}, and ulimits by name (${ULIMIT_NAMES.join(', ')})` }));
          break;
        }
        if (!v || this.text(v) === null) {
          this.usage(stmt, 'a value', k);
          break;
        }
        const t = this.text(v)!;
        i += 2;
        if ((ULIMIT_NAMES as readonly string[]).includes(key)) {
          const u = this.ulimit(this.sp(key, k), v);
          if (u) lim.ulimits.push(u);
          continue;
        }
        const unlimited = t === 'unlimited';
        const field = { memory: 'memory', 'memory-swap': 'memorySwap', 'memory-reservation': 'memoryReservation', cpus: 'cpus', 'cpu-shares': 'cpuShares', pids: 'pids' } as const;
        const f = field[key as keyof typeof field];
        let val: LimitValue | null;
        if (unlimited && (f === 'memory' || f === 'memorySwap' || f === 'pids')) val = this.sp(null, v);
        else if (f === 'cpus') val = this.readValue(v, readCpus(t), 'CPU count');
        else if (f === 'cpuShares' || f === 'pids') val = this.readValue(v, readNumber(t), key === 'pids' ? 'process count' : 'share count');
        else val = this.readValue(v, readSize(t), 'size');
        lim[f] = this.once(stmt, lim[f], val);
      }
    }
  }

  // ── lint ───────────────────────────────────────────────────────────────────────────────────

  /** `ignore RULE [SUBJECT] "REASON"`. Rule ids and the reason are judged by a check. */
  private lint(s: StatementNode, ignores: LintIgnoreAst[]): void {
    for (const c of s.block!.statements) {
      this.enter('lint', c);
      if (c.keyword.text !== 'ignore') {
        this.unknown(c, 'lint');
        continue;
      }
      const vs = c.values;
      const last = vs[vs.length - 1];
      const reasonNode = last?.kind === 'string' && vs.length >= 2 ? last : undefined;
      const words = reasonNode ? vs.slice(0, -1) : vs;
      if (words.length < 1 || words.length > 2 || words.some((v) => v.kind !== 'word')) {
        this.usage(c, 'a rule id, optionally what it applies to, and a quoted reason: `ignore SPL101 SYS_ADMIN "REASON"`', words.find((v) => v.kind !== 'word'));
        continue;
      }
      ignores.push({
        span: this.span({ start: c.start, end: c.end }),
        rule: this.spannedText(words[0])!,
        subject: words[1] ? this.spannedText(words[1]) : null,
        reason: reasonNode ? this.sp(reasonNode.value, reasonNode) : null,
      });
    }
  }

  private ulimit(name: Spanned<string>, v: ValueNode): UlimitAst | null {
    const t = this.text(v) ?? '';
    // No `unlimited` for ulimits: an unbounded resource is what limits exist to prevent.
    const m = /^([0-9]+)(?::([0-9]+))?$/.exec(t);
    if (!m || !Number.isSafeInteger(Number(m[1])) || (m[2] !== undefined && !Number.isSafeInteger(Number(m[2])))) {
      this.report(diag('E0207', this.span(v), { text: t, what: 'ulimit value' }, { help: 'write `SOFT:HARD` such as `1024:2048`, or one number for both' }));
      return null;
    }
    const soft = Number(m[1]);
    const hard = m[2] === undefined ? soft : Number(m[2]);
    return { span: { file: this.src, start: name.span.start, end: v.end }, name, soft, hard };
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


/** A workload with nothing said: every field empty. */
export function emptyWorkload(name: Spanned<string>): WorkloadAst {
  return {
    name,
    image: null,
    entrypoint: null,
    command: null,
    workdir: null,
    env: [],
    hostname: null,
    user: null,
    groups: [],
    noNewPrivileges: null,
    apparmorProfile: null,
    selinux: null,
    runtime: null,
    untrusted: null,
    arch: null,
    network: { mode: null, joins: [], publish: [], protocols: [] },
    filesystem: { root: null, tmpfs: [], mounts: [], paths: [] },
    capabilities: { add: [], drop: [] },
    syscalls: { defaultAction: null, baseline: null, rules: [] },
    namespaces: { pid: null, ipc: null, uts: null, user: null, cgroup: null },
    idMaps: { uid: [], gid: [] },
    sysctls: [],
    limits: { memory: null, memorySwap: null, memoryReservation: null, cpus: null, cpuShares: null, pids: null, ulimits: [], refused: [] },
    lint: { ignores: [] },
  };
}
