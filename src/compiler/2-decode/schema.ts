/**
 * The language's statements, as data: for every block, the statements it accepts, whether each
 * takes a `{ … }` block, and the example a usage error shows. The decoder reads this table for the
 * statements a block knows ("did you mean", "`publish` belongs in the `network { … }` block"), for
 * the block rule of each statement and for its example; its own code only reads each statement's
 * values. A statement is added with its entry here and its reading in decode.ts, and
 * test/grammar/schema.test.ts decodes every example in its block, so an entry without a reading,
 * or an example that no longer reads, fails.
 */

/** Whether a statement takes a block: never, always, or either (`network none` / `network { … }`). */
export type BlockForm = 'never' | 'always' | 'either';

export interface StatementSchema {
  readonly block: BlockForm;
  /** Shown after "e.g." in a usage error: the statement as it is usually written. */
  readonly example: string;
}

const never = (example: string): StatementSchema => ({ block: 'never', example });
const always = (example: string): StatementSchema => ({ block: 'always', example });
const either = (example: string): StatementSchema => ({ block: 'either', example });

export const SCHEMA = {
  file: {
    extends: never('`extends "./base.secpol"` or `extends preset web-server`'),
    // The decoder asks for the name before the block, so it judges the block itself.
    workload: either('`workload web { … }`'),
  },
  workload: {
    image: never('`image "nginx:1.27"`'),
    command: never('`command "nginx" "-g" "daemon off;"`'),
    entrypoint: never('`entrypoint "/docker-entrypoint.sh"`'),
    workdir: never('`workdir /srv`'),
    env: never('`env LANG = "C.UTF-8"`'),
    hostname: never('`hostname web`'),
    user: never('`user 101:101` or `user root`'),
    groups: never('`groups 20, 44`'),
    'no-new-privileges': never('`no-new-privileges off`'),
    'apparmor-profile': never('`apparmor-profile secpol-web`'),
    selinux: either('`selinux { type container_t; level "s0:c100,c200" }`'),
    runtime: never('`runtime runsc`'),
    untrusted: never('`untrusted`'),
    arch: never('`arch x86_64, aarch64`'),
    sysctl: never('`sysctl net.ipv4.ip_unprivileged_port_start = 80`'),
    network: either('`network none`, or `network { publish 127.0.0.1:8080 -> 80/tcp }`'),
    filesystem: always('`filesystem { tmpfs /tmp size 64MiB }`'),
    capabilities: always('`capabilities { add NET_BIND_SERVICE }`'),
    syscalls: always('`syscalls { allow @file-io, @network-server }`'),
    namespaces: always('`namespaces { pid private }`'),
    sysctls: always('`sysctls { net.ipv4.ip_unprivileged_port_start = 80 }`'),
    limits: always('`limits { memory 512MiB  pids 256 }`'),
    lint: always('`lint { ignore SPL102 "nginx binds :80 as root, then drops to uid 101" }`'),
  },
  network: {
    mode: never('`mode bridge`'),
    join: never('`join backend internal`'),
    publish: never('`publish 127.0.0.1:8080 -> 80/tcp`'),
    protocols: never('`protocols tcp, udp`'),
  },
  filesystem: {
    root: never('`root readonly`'),
    tmpfs: never('`tmpfs /tmp size 64MiB`'),
    volume: never('`volume web-logs -> /var/log/nginx`'),
    bind: never('`bind "/srv/www" -> /usr/share/nginx/html readonly`'),
    read: never('`read /etc/nginx/**, /usr/share/nginx/**`'),
    write: never('`write /var/run/nginx.pid`'),
    exec: never('`exec /usr/sbin/nginx`'),
    deny: never('`deny /proc/*/mem`'),
  },
  capabilities: {
    add: never('`add NET_BIND_SERVICE, CHOWN`'),
    drop: never('`drop CHOWN`'),
  },
  syscalls: {
    default: never('`default errno EPERM`'),
    baseline: never('`baseline off`'),
    allow: never('`allow socket if arg0 in [AF_INET, AF_INET6]`'),
    deny: never('`deny ptrace with kill`'),
  },
  namespaces: {
    pid: never('`pid private`'),
    ipc: never('`ipc private`'),
    uts: never('`uts private`'),
    user: never('`user private`'),
    cgroup: never('`cgroup private`'),
    'uid-map': never('`uid-map 0 -> 100000 count 65536`'),
    'gid-map': never('`gid-map 0 -> 100000 count 65536`'),
  },
  limits: {
    memory: never('`memory 512MiB`'),
    'memory-swap': never('`memory-swap 512MiB`'),
    'memory-reservation': never('`memory-reservation 256MiB`'),
    cpus: never('`cpus 1.5`'),
    'cpu-shares': never('`cpu-shares 512`'),
    pids: never('`pids 256`'),
    ulimit: never('`ulimit nofile 1024:2048`'),
  },
  lint: {
    ignore: never('`ignore SPL102 "nginx binds :80 as root, then drops to uid 101"`'),
  },
  selinux: {
    user: never('`user system_u`'),
    role: never('`role system_r`'),
    type: never('`type container_t`'),
    level: never('`level "s0:c100,c200"`'),
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, StatementSchema>>>>;

export type BlockName = keyof typeof SCHEMA;

/** The statements each block accepts, in the schema's order. */
export const BLOCK_KEYWORDS: { readonly [B in BlockName]: readonly (keyof (typeof SCHEMA)[B] & string)[] } = Object.fromEntries(
  Object.entries(SCHEMA).map(([block, statements]) => [block, Object.keys(statements)]),
) as never;

/** A statement's schema in a block, or undefined when the block does not accept it. */
export function statementSchema(block: BlockName, keyword: string): StatementSchema | undefined {
  const statements = SCHEMA[block] as Readonly<Record<string, StatementSchema>>;
  return Object.hasOwn(statements, keyword) ? statements[keyword] : undefined;
}
