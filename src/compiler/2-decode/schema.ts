/**
 * The language's statements, as data (HCL's BodySchema): for every block, the statements it
 * accepts, each with whether it takes a `{ … }` block, the example a usage error shows, and its
 * reader, composed from the shared readers of read-values.ts. The decoder (decode.ts) is a walk over
 * this table: it looks a statement up in its block, judges the block rule, an unknown statement
 * ("did you mean", "`publish` belongs in the `network { … }` block") and a duplicate generically,
 * and hands the values to the entry's reader. Adding a statement is one entry here;
 * test/grammar/schema.test.ts decodes every example in its block.
 */
import type { StatementNode } from '../../../grammar/syntax-tree.js';
import { diag } from '../diagnostics/diagnostic.js';
import type { BlockForm, BlockName, DecodeContext, FileDraft, Schema, StatementReader, StatementSchema, WorkloadDraft } from './draft.js';
import { emptyWorkload } from './draft.js';
import {
  action,
  args,
  block,
  choice,
  each,
  extendsRef,
  flag,
  idMap,
  join,
  keyValue,
  limit,
  limitsLine,
  lintIgnore,
  mount,
  nameList,
  names,
  numbers,
  once,
  one,
  onOff,
  pair,
  paths,
  publish,
  rule,
  selinux,
  tmpfs,
  ulimitStatement,
  user,
} from './read-values.js';
import { readCpus, readNumber, readSize } from './values.js';

export type { BlockForm, BlockName, Schema, StatementSchema } from './draft.js';

const entry =
  (block: BlockForm) =>
  <B extends BlockName>(example: string, read: StatementReader<B>): StatementSchema<B> => ({ block, example, read });
/** A statement that takes no block. */
const never = entry('never');
/** A statement that takes a block. */
const always = entry('always');
/** A statement written either with values or with a block (`network none` / `network { … }`). */
const either = entry('either');

type W = WorkloadDraft;

/** `workload NAME { … }`: one per file. The name is asked for before the block, so the block rule is judged here. */
function workload(cx: DecodeContext, s: StatementNode, f: FileDraft): void {
  if (f.workload) {
    cx.report(diag('E0204', cx.span(s.keyword), { problem: 'a policy file holds one workload, and this is the second' }, { help: 'put each workload in its own .secpol file' }));
    return;
  }
  const name = s.values.length === 1 ? cx.spannedText(s.values[0]) : null;
  if (!name) {
    cx.usage(s, 'a name and a block: `workload NAME { … }`');
    return;
  }
  if (!cx.needBlock(s)) return;
  const w = emptyWorkload(name) as W;
  cx.walk('workload', s.block!.statements, w);
  f.workload = w;
}

/** `pid private`: a namespace, said once. */
const namespace =
  (kind: keyof W['namespaces']): StatementReader<'namespaces'> =>
  (cx, s, w) =>
    once<W['namespaces'], typeof kind>(kind, one('`private` or `host`'))(cx, s, w.namespaces);

/** The statements of every block, in the order "expected one of" lists them. */
export const SCHEMA: Schema = {
  file: {
    extends: never<'file'>('`extends "./base.secpol"` or `extends preset web-server`', (cx, s, f) => {
      if (f.workload) cx.report(diag('E0703', cx.span(s.keyword), {}));
      const e = extendsRef(cx, s);
      if (e) f.extends.push(e);
    }),
    workload: either<'file'>('`workload web { … }`', workload),
  },
  workload: {
    image: never<'workload'>('`image "nginx:1.27"`', once('image', one('one image reference'))),
    command: never<'workload'>('`command "nginx" "-g" "daemon off;"`', once('command', args('one or more quoted arguments'))),
    entrypoint: never<'workload'>('`entrypoint "/docker-entrypoint.sh"`', once('entrypoint', args('one or more quoted arguments'))),
    workdir: never<'workload'>('`workdir /srv`', once('workdir', one('one absolute path'))),
    env: never<'workload'>('`env LANG = "C.UTF-8"`', each('env', pair('NAME = "value"'))),
    hostname: never<'workload'>('`hostname web`', once('hostname', one('one name'))),
    user: never<'workload'>('`user 101:101` or `user root`', once('user', user)),
    groups: never<'workload'>('`groups 20, 44`', each('groups', numbers('a comma-separated list of numeric group ids', 'group id'))),
    'no-new-privileges': never<'workload'>('`no-new-privileges off`', once('noNewPrivileges', onOff)),
    'apparmor-profile': never<'workload'>('`apparmor-profile secpol-web`', once('apparmorProfile', one('one name'))),
    selinux: either<'workload'>('`selinux { type container_t; level "s0:c100,c200" }`', once('selinux', selinux)),
    runtime: never<'workload'>('`runtime runsc`', once('runtime', one('one runtime name: `runc`, `crun`, `runsc` or `kata`'))),
    untrusted: never<'workload'>('`untrusted`', once('untrusted', flag('no value: write `untrusted` alone'))),
    arch: never<'workload'>('`arch x86_64, aarch64`', once('arch', nameList('a comma-separated list of architectures'))),
    sysctl: never<'workload'>('`sysctl net.ipv4.ip_unprivileged_port_start = 80`', each('sysctls', pair('NAME = VALUE'))),
    network: either<'workload'>('`network none`, or `network { publish 127.0.0.1:8080 -> 80/tcp }`', (cx, s, w) => {
      if (s.block) cx.walk('network', s.block.statements, w.network);
      else if (s.values.length === 1 && cx.spannedText(s.values[0])) w.network.mode = cx.once(s, w.network.mode, cx.spannedText(s.values[0]));
      else cx.usage(s, 'a block `network { … }` or a mode: `network none`');
    }),
    filesystem: always<'workload'>('`filesystem { tmpfs /tmp size 64MiB }`', block('filesystem', (w: W) => w.filesystem)),
    capabilities: always<'workload'>('`capabilities { add NET_BIND_SERVICE }`', block('capabilities', (w: W) => w.capabilities)),
    syscalls: always<'workload'>('`syscalls { allow @file-io, @network-server }`', block('syscalls', (w: W) => w.syscalls)),
    namespaces: always<'workload'>('`namespaces { pid private }`', block('namespaces', (w: W) => w)),
    // Free-form: any sysctl name is a statement here, judged by a check.
    sysctls: always<'workload'>('`sysctls { net.ipv4.ip_unprivileged_port_start = 80 }`', (cx, s, w) => {
      cx.freeForm();
      for (const c of s.block!.statements) {
        cx.noBlock(c);
        const kv = keyValue(cx, c, [{ kind: 'word', text: c.keyword.text, start: c.keyword.start, end: c.keyword.end }, ...c.values], 'NAME = VALUE');
        if (kv) w.sysctls.push(kv);
      }
    }),
    // Several limits may share a line, so each line is read pair by pair (read-values.ts's limitsLine).
    limits: always<'workload'>('`limits { memory 512MiB  pids 256 }`', (cx, s, w) => {
      for (const c of s.block!.statements) {
        cx.enter('limits', c);
        limitsLine(cx, c, w.limits);
      }
    }),
    lint: always<'workload'>('`lint { ignore SPL102 "nginx binds :80 as root, then drops to uid 101" }`', block('lint', (w: W) => w.lint)),
  },
  network: {
    mode: never<'network'>('`mode bridge`', once('mode', one('one of none, bridge, host, or a network name'))),
    join: never<'network'>('`join backend internal`', each('joins', join)),
    publish: never<'network'>('`publish 127.0.0.1:8080 -> 80/tcp`', each('publish', publish)),
    protocols: never<'network'>('`protocols tcp, udp`', each('protocols', names({ usage: 'a comma-separated list such as `tcp, udp, unix`', at: 'first' }))),
  },
  filesystem: {
    root: never<'filesystem'>('`root readonly`', once('root', choice(['readonly', 'writable'], 'root file system mode', '`readonly` or `writable`'))),
    tmpfs: never<'filesystem'>('`tmpfs /tmp size 64MiB`', each('tmpfs', tmpfs)),
    volume: never<'filesystem'>('`volume web-logs -> /var/log/nginx`', each('mounts', (cx, s) => mount(cx, s, 'volume'))),
    bind: never<'filesystem'>('`bind "/srv/www" -> /usr/share/nginx/html readonly`', each('mounts', (cx, s) => mount(cx, s, 'bind'))),
    read: never<'filesystem'>('`read /etc/nginx/**, /usr/share/nginx/**`', each('paths', paths('read'))),
    write: never<'filesystem'>('`write /var/run/nginx.pid`', each('paths', paths('write'))),
    exec: never<'filesystem'>('`exec /usr/sbin/nginx`', each('paths', paths('exec'))),
    deny: never<'filesystem'>('`deny /proc/*/mem`', each('paths', paths('deny'))),
  },
  capabilities: {
    add: never<'capabilities'>('`add NET_BIND_SERVICE, CHOWN`', each('add', names({ usage: 'capability names separated by commas', at: 'second', empty: 'capability names separated by commas' }))),
    drop: never<'capabilities'>('`drop CHOWN`', each('drop', names({ usage: 'capability names separated by commas', at: 'second', empty: 'capability names separated by commas' }))),
  },
  syscalls: {
    default: never<'syscalls'>('`default errno EPERM`', once('defaultAction', (cx, s) => action(cx, s, s.values))),
    baseline: never<'syscalls'>('`baseline off`', once('baseline', onOff)),
    allow: never<'syscalls'>('`allow socket if arg0 in [AF_INET, AF_INET6]`', each('rules', (cx, s) => rule(cx, s, 'allow'))),
    deny: never<'syscalls'>('`deny ptrace with kill`', each('rules', (cx, s) => rule(cx, s, 'deny'))),
  },
  namespaces: {
    pid: never<'namespaces'>('`pid private`', namespace('pid')),
    ipc: never<'namespaces'>('`ipc private`', namespace('ipc')),
    uts: never<'namespaces'>('`uts private`', namespace('uts')),
    user: never<'namespaces'>('`user private`', namespace('user')),
    cgroup: never<'namespaces'>('`cgroup private`', namespace('cgroup')),
    'uid-map': never<'namespaces'>('`uid-map 0 -> 100000 count 65536`', (cx, s, w) => each<W['idMaps'], 'uid'>('uid', (c, t) => idMap(c, t, 'uid'))(cx, s, w.idMaps)),
    'gid-map': never<'namespaces'>('`gid-map 0 -> 100000 count 65536`', (cx, s, w) => each<W['idMaps'], 'gid'>('gid', (c, t) => idMap(c, t, 'gid'))(cx, s, w.idMaps)),
  },
  limits: {
    memory: never<'limits'>('`memory 512MiB`', limit('memory', readSize, 'size', true)),
    'memory-swap': never<'limits'>('`memory-swap 512MiB`', limit('memorySwap', readSize, 'size', true)),
    'memory-reservation': never<'limits'>('`memory-reservation 256MiB`', limit('memoryReservation', readSize, 'size', false)),
    cpus: never<'limits'>('`cpus 1.5`', limit('cpus', readCpus, 'CPU count', false)),
    'cpu-shares': never<'limits'>('`cpu-shares 512`', limit('cpuShares', readNumber, 'share count', false)),
    pids: never<'limits'>('`pids 256`', limit('pids', readNumber, 'process count', true)),
    ulimit: never<'limits'>('`ulimit nofile 1024:2048`', ulimitStatement),
  },
  lint: {
    ignore: never<'lint'>('`ignore SPL102 "nginx binds :80 as root, then drops to uid 101"`', each('ignores', lintIgnore)),
  },
  selinux: {
    user: never<'selinux'>('`user system_u`', once('user', one('one SELinux user name'))),
    role: never<'selinux'>('`role system_r`', once('role', one('one SELinux role name'))),
    type: never<'selinux'>('`type container_t`', once('type', one('one SELinux type name'))),
    level: never<'selinux'>('`level "s0:c100,c200"`', once('level', one('one MLS level in quotes, e.g. `level "s0:c100,c200"`'))),
  },
};

/**
 * Statements a block does not take but that users write there, with the hint E0201 gives instead
 * of "did you mean" (the network namespace is not a namespace statement).
 */
export const ELSEWHERE: { readonly [B in BlockName]?: Readonly<Record<string, string>> } = {
  namespaces: {
    network: 'the network namespace follows the network mode: write `network { mode host }` or `network none`',
    net: 'the network namespace follows the network mode: write `network { mode host }` or `network none`',
  },
};

/** The statements each block accepts, in the schema's order. */
export const BLOCK_KEYWORDS: { readonly [B in BlockName]: readonly string[] } = Object.fromEntries(
  Object.entries(SCHEMA).map(([b, statements]) => [b, Object.keys(statements)]),
) as never;

/** A statement's schema in a block of `schema`, or undefined when the block does not accept it. */
export function statementSchema<B extends BlockName>(block: B, keyword: string, schema: Schema = SCHEMA): StatementSchema<B> | undefined {
  const statements = schema[block] as Readonly<Record<string, StatementSchema<B>>>;
  return Object.hasOwn(statements, keyword) ? statements[keyword] : undefined;
}
