// The privilege diff on pairs of compiled policies: each category grows and shrinks the right way,
// equal policies (however spelled) give nothing, and the order of the changes is fixed.
import { describe, expect, it } from 'vitest';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { CATEGORY_ORDER, diffPrivileges, type PrivilegeChange } from '../../src/review/privilege-diff.js';
import { diffToJson, renderDiffMarkdown, renderDiffText } from '../../src/review/render-diff.js';
import { at, compileText, workload } from '../support/harness.js';
import { sampleIR } from '../support/sample-ir.js';

/** The IR of a minimal workload with `body`; fails the test on a policy error. */
function ir(body: string, files: Record<string, string> = {}, head = ''): PolicyIR {
  const r = compileText(workload(body, head), files);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map(at), body).toEqual([]);
  return r.ir!;
}

/** `direction: message` for every change from `a` to `b`. */
const changes = (a: PolicyIR, b: PolicyIR): string[] => diffPrivileges(a, b).changes.map((c) => `${c.direction}: ${c.message}`);

/** The changes of one category both ways: [a → b, b → a]. */
function bothWays(a: string, b: string, category?: PrivilegeChange['category']): [string[], string[]] {
  const x = ir(a);
  const y = ir(b);
  const pick = (p: PolicyIR, q: PolicyIR): string[] =>
    diffPrivileges(p, q)
      .changes.filter((c) => !category || c.category === category)
      .map((c) => `${c.direction}: ${c.message}`);
  return [pick(x, y), pick(y, x)];
}

describe('diffPrivileges', () => {
  it('finds no change between a policy and itself, or two spellings of it', () => {
    const a = ir('  network { protocols tcp, unix }\n  syscalls { allow @file-io, @network-server, @process, @memory, @signals, @timers, @sync, @events, @identity, @system-info }');
    const b = ir('', {}, 'extends preset web-server\n');
    expect(diffPrivileges(a, a)).toEqual({ changes: [], summary: { growth: 0, reduction: 0, neutral: 0 }, grew: false });
    expect(changes(a, b)).toEqual([]);
  });

  it('capabilities: added is growth, removed is reduction', () => {
    const base = '  user root\n  syscalls { allow @signals }\n';
    expect(bothWays(base, `${base}  capabilities { add KILL }`)).toEqual([['growth: CAP_KILL added'], ['reduction: CAP_KILL removed']]);
  });

  it('namespaces: towards the host is growth; a private user namespace is a reduction', () => {
    expect(bothWays('', '  namespaces { pid host\n ipc shareable }', 'namespaces')).toEqual([
      ['growth: pid namespace: private → host', 'growth: ipc namespace: private → shareable'],
      ['reduction: pid namespace: host → private', 'reduction: ipc namespace: shareable → private'],
    ]);
    expect(bothWays('', '  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n  }', 'namespaces')).toEqual([['reduction: user namespace: host → private'], ['growth: user namespace: private → host']]);
    expect(bothWays('  network bridge', '  network host', 'namespaces')).toEqual([['growth: network namespace: private → host'], ['reduction: network namespace: host → private']]);
  });

  it('user: becoming root, gaining groups and dropping no-new-privileges are growth', () => {
    expect(bothWays('  user 1000:1000', '  user root', 'user')).toEqual([
      ['growth: uid 1000 → 0 (runs as root)', 'growth: gid 1000 → 0 (runs as the root group)'],
      ['reduction: uid 0 → 1000 (no longer root)', 'reduction: gid 0 → 1000 (no longer the root group)'],
    ]);
    expect(bothWays('  user 1000:1000', '  user 1001:1000', 'user')).toEqual([['neutral: uid 1000 → 1001'], ['neutral: uid 1001 → 1000']]);
    expect(bothWays('  groups 5', '  groups 5, 6', 'user')).toEqual([['growth: supplementary group 6 added'], ['reduction: supplementary group 6 removed']]);
    const [off, on] = bothWays('', '  no-new-privileges off', 'user');
    expect(off).toEqual(['growth: no-new-privileges turned off (setuid and file capabilities can raise privilege)']);
    expect(on).toEqual(['reduction: no-new-privileges turned on']);
  });

  it('syscalls: allowing is growth, blocking is reduction, changing how a call is refused is neutral', () => {
    expect(bothWays('', '  syscalls { allow sendfile }', 'syscalls')).toEqual([
      ['growth: sendfile: blocked (errno EPERM) → allowed'],
      ['reduction: sendfile: allowed → blocked (errno EPERM)'],
    ]);
    expect(bothWays('  syscalls { deny ptrace }', '  syscalls { deny ptrace with kill }', 'syscalls')).toEqual([
      ['neutral: ptrace: blocked (errno EPERM) → blocked (kill)'],
      ['neutral: ptrace: blocked (kill) → blocked (errno EPERM)'],
    ]);
  });

  it('syscalls: argument conditions widen and narrow, in the policy\'s words', () => {
    const net = '  network { protocols tcp }\n';
    const one = `${net}  syscalls { allow socket if arg0 in [AF_INET] }`;
    const two = `${net}  syscalls { allow socket if arg0 in [AF_INET, AF_INET6] }`;
    // A socket call's alternatives are told by what they open, so a widening is only a growth.
    expect(bothWays(one, two, 'syscalls')).toEqual([
      ['growth: socket: now also allowed if arg0 == AF_INET6 and arg1 & 0xf == SOCK_STREAM'],
      ['reduction: socket: no longer allowed if arg0 == AF_INET6 and arg1 & 0xf == SOCK_STREAM'],
    ]);
    // Fewer protocols: reductions only, never the narrower list read as a new alternative.
    expect(bothWays('  network { protocols tcp, udp, unix }\n  syscalls { allow socket }', '  network { protocols tcp, unix }\n  syscalls { allow socket }', 'syscalls')).toEqual([
      ['reduction: socket: no longer allowed if arg0 == AF_INET and arg1 & 0xf == SOCK_DGRAM', 'reduction: socket: no longer allowed if arg0 == AF_INET6 and arg1 & 0xf == SOCK_DGRAM'],
      ['growth: socket: now also allowed if arg0 == AF_INET and arg1 & 0xf == SOCK_DGRAM', 'growth: socket: now also allowed if arg0 == AF_INET6 and arg1 & 0xf == SOCK_DGRAM'],
    ]);
    // A 32-bit `!=` is 32 rules in the filter and one condition in the diff.
    expect(bothWays('  syscalls { allow ioctl }', '  syscalls { allow ioctl if arg1 != TIOCSTI }', 'syscalls')).toEqual([
      ['reduction: ioctl: allowed → allowed if arg1 != TIOCSTI'],
      ['growth: ioctl: allowed if arg1 != TIOCSTI → allowed'],
    ]);
    // A narrowed condition is a reduction only; widened back, a growth (learn narrows clone this way).
    expect(bothWays('  syscalls { allow clone }', '  syscalls { allow clone if arg0 & 0x7e030000 == CLONE_THREAD }', 'syscalls')).toEqual([
      ['reduction: clone: allowed if no namespace flags (arg0 & 0x7e020000 == 0) → only if arg0 & 0x7e030000 == CLONE_THREAD'],
      ['growth: clone: now also allowed if no namespace flags (arg0 & 0x7e020000 == 0)'],
    ]);
    // A condition beside, not inside, the old one is still a growth.
    expect(bothWays('  syscalls { allow ioctl if arg1 == TCGETS }', '  syscalls { allow ioctl if arg1 in [TCGETS, TIOCGWINSZ] }', 'syscalls').map((d) => d.filter((x) => x.startsWith('growth')))).toEqual([
      [expect.stringMatching(/^growth: ioctl: now also allowed if/)],
      [],
    ]);
    // An exception carved out of the protocols' sockets: the one alternative it removes.
    expect(bothWays(`${net}  syscalls { allow @network-client }`, `${net}  syscalls {\n allow @network-client\n deny socket if arg0 == AF_INET6\n }`, 'syscalls')).toEqual([
      ['reduction: socket: no longer allowed if arg0 == AF_INET6 and arg1 & 0xf == SOCK_STREAM'],
      ['growth: socket: now also allowed if arg0 == AF_INET6 and arg1 & 0xf == SOCK_STREAM'],
    ]);
    // An exception to an unconditional allow reads "allowed except when", with no "if" before it.
    expect(bothWays('  syscalls { allow ioctl }', '  syscalls {\n allow ioctl\n deny ioctl if arg1 == TIOCSTI\n }', 'syscalls')).toEqual([
      ['reduction: ioctl: allowed → allowed except when arg1 == TIOCSTI'],
      ['growth: ioctl: allowed except when arg1 == TIOCSTI → allowed'],
    ]);
    // Under a permissive default, a conditional deny narrows what is otherwise allowed.
    expect(bothWays('  syscalls { default allow }', '  syscalls { default allow\n deny socket if arg0 == AF_PACKET }', 'syscalls')).toEqual([
      ['reduction: socket: allowed → allowed unless arg0 == AF_PACKET'],
      ['growth: socket: allowed unless arg0 == AF_PACKET → allowed'],
    ]);
  });

  it('syscalls: the default action and the architectures', () => {
    const [toAllow, toErrno] = bothWays('', '  syscalls { default allow }', 'syscalls');
    expect(toAllow[0]).toBe('growth: default action: errno EPERM → allow');
    expect(toErrno[0]).toBe('reduction: default action: allow → errno EPERM');
    expect(bothWays('', '  syscalls { default errno ENOSYS }', 'syscalls')[0]).toContain('neutral: default action: errno EPERM → errno ENOSYS');
    expect(bothWays('', '  arch x86_64, x86, aarch64', 'syscalls')).toEqual([
      ['growth: architecture x86 added (its syscalls can now be made)'],
      ['reduction: architecture x86 removed (its syscalls are now refused)'],
    ]);
  });

  it('syscalls: a change that holds on some architectures names them', () => {
    // `chmod` exists on x86_64 only: its change is said without a note, as for `fchmodat`.
    const meta = diffPrivileges(ir(''), ir('  syscalls { allow @file-meta }')).changes;
    expect(meta.find((c) => c.subject === 'chmod')).toMatchObject({ direction: 'growth', arches: null, message: 'chmod: blocked (errno EPERM) → allowed' });
    expect(meta.find((c) => c.subject === 'fchmodat')).toMatchObject({ direction: 'growth', arches: null });
    // `sendfile` exists on both; allowing it on x86_64 alone is a change there only.
    const one = { ...sampleIR, seccomp: { ...sampleIR.seccomp, rules: [...sampleIR.seccomp.rules, { ...sampleIR.seccomp.rules[0]!, names: ['sendfile'], arches: ['x86_64' as const] }] } };
    expect(diffPrivileges(sampleIR, one).changes).toMatchObject([{ direction: 'growth', subject: 'sendfile', arches: ['x86_64'], message: 'sendfile: blocked (errno EPERM) → allowed (on x86_64 only)' }]);
  });

  it('filesystem: writable paths, root, read and exec rules, deny rules, binds, executable tmpfs', () => {
    expect(bothWays('', '  filesystem { root writable }', 'filesystem')).toEqual([['growth: root filesystem: read-only → writable'], ['reduction: root filesystem: writable → read-only']]);
    expect(bothWays('', '  filesystem { tmpfs /cache size 8MiB }', 'filesystem')).toEqual([['growth: /cache writable'], ['reduction: /cache no longer writable']]);
    expect(bothWays('  filesystem { tmpfs /cache }', '  filesystem { tmpfs /cache exec }', 'filesystem')).toEqual([
      ['growth: tmpfs /cache allows executing files'],
      ['reduction: tmpfs /cache no longer allows executing files'],
    ]);
    expect(bothWays('', '  filesystem { read /app/** }', 'filesystem')).toEqual([['reduction: reads limited to /app/**'], ['growth: reads no longer limited (were limited to /app/**)']]);
    expect(bothWays('  filesystem { exec /app/bin }', '  filesystem { exec /app/bin, /usr/bin/** }', 'filesystem')).toEqual([['growth: exec /usr/bin/** added'], ['reduction: exec /usr/bin/** removed']]);
    expect(bothWays('', '  filesystem { deny /proc/kcore }', 'filesystem')).toEqual([['reduction: deny /proc/kcore added'], ['growth: deny /proc/kcore removed']]);
    expect(bothWays('', '  filesystem { bind "/srv/data" -> /data }', 'filesystem')).toEqual([
      ['growth: host path /srv/data mounted at /data'],
      ['reduction: host path /srv/data no longer mounted at /data'],
    ]);
    expect(bothWays('  filesystem { bind "/srv/data" -> /data }', '  filesystem { bind "/srv/data" -> /data writable }', 'filesystem')).toEqual([['growth: /data writable'], ['reduction: /data no longer writable']]);
  });

  it('network: ports, socket kinds and the mode', () => {
    expect(bothWays('  network bridge', '  network { publish 127.0.0.1:8080 -> 80/tcp }', 'network')).toEqual([
      ['growth: port 127.0.0.1:8080 -> 80/tcp published', 'growth: may open inet stream sockets', 'growth: may open inet6 stream sockets'],
      ['reduction: port 127.0.0.1:8080 -> 80/tcp no longer published', 'reduction: may no longer open inet stream sockets', 'reduction: may no longer open inet6 stream sockets'],
    ]);
    expect(bothWays('  network { publish 127.0.0.1:8080 -> 80/tcp }', '  network { publish 8080 -> 80/tcp }', 'network')[0]).toEqual([
      'growth: port *:8080 -> 80/tcp published',
      'reduction: port 127.0.0.1:8080 -> 80/tcp no longer published',
    ]);
    expect(bothWays('  network none', '  network bridge', 'network')).toEqual([['growth: network mode: none → bridge'], ['reduction: network mode: bridge → none']]);
  });

  it('network: joining networks, internal or not', () => {
    expect(bothWays('  network none', '  network { join backend internal }', 'network')).toEqual([
      ['growth: network mode: none → networks backend (internal)'],
      ['reduction: network mode: networks backend (internal) → none'],
    ]);
    expect(bothWays('  network { join backend internal }', '  network {\n    join backend internal\n    join frontend\n  }', 'network')).toEqual([
      ['growth: network mode: networks backend (internal) → networks backend (internal), frontend'],
      ['reduction: network mode: networks backend (internal), frontend → networks backend (internal)'],
    ]);
    expect(bothWays('  network bridge', '  network { join frontend }', 'network')).toEqual([['neutral: network mode: bridge → networks frontend'], ['neutral: network mode: networks frontend → bridge']]);
  });

  it('namespaces: a changed uid or gid map is said, without a direction', () => {
    const userns = (uid: string, gid = ''): string => `  user 1000:1000\n  namespaces {\n    user private\n    uid-map ${uid}\n${gid ? `    gid-map ${gid}\n` : ''}  }`;
    expect(bothWays(userns('0 -> 100000 count 65536'), userns('0 -> 200000 count 65536'), 'namespaces')).toEqual([
      ['neutral: uid map: 0 -> 100000 count 65536 → 0 -> 200000 count 65536', 'neutral: gid map: 0 -> 100000 count 65536 → 0 -> 200000 count 65536'],
      ['neutral: uid map: 0 -> 200000 count 65536 → 0 -> 100000 count 65536', 'neutral: gid map: 0 -> 200000 count 65536 → 0 -> 100000 count 65536'],
    ]);
    expect(bothWays(userns('0 -> 100000 count 65536'), userns('0 -> 100000 count 65536', '0 -> 100000 count 65536'), 'namespaces')).toEqual([[], []]);
  });

  it('confinement: unconfined AppArmor, SELinux off or an unconfined type, and a runtime sharing the host kernel are growth', () => {
    expect(bothWays('', '  apparmor-profile unconfined', 'confinement')).toEqual([['growth: AppArmor profile: secpol-app → unconfined'], ['reduction: AppArmor profile: unconfined → secpol-app']]);
    expect(bothWays('', '  apparmor-profile custom-web', 'confinement')).toEqual([['neutral: AppArmor profile: secpol-app → custom-web'], ['neutral: AppArmor profile: custom-web → secpol-app']]);
    expect(bothWays('', '  selinux disable', 'confinement')).toEqual([["growth: SELinux label: the engine's label → disabled"], ["reduction: SELinux label: disabled → the engine's label"]]);
    expect(bothWays('  selinux { type container_t }', '  selinux { type spc_t }', 'confinement')).toEqual([['growth: SELinux label: type container_t → type spc_t'], ['reduction: SELinux label: type spc_t → type container_t']]);
    expect(bothWays('  selinux { type container_t }', '  selinux {\n    type container_t\n    level "s0:c1,c2"\n  }', 'confinement')).toEqual([
      ['neutral: SELinux label: type container_t → type container_t, level s0:c1,c2'],
      ['neutral: SELinux label: type container_t, level s0:c1,c2 → type container_t'],
    ]);
    expect(bothWays('  runtime runsc', '  runtime runc', 'confinement')).toEqual([['growth: runtime: runsc → runc'], ['reduction: runtime: runc → runsc']]);
    expect(bothWays('  runtime kata', '', 'confinement')).toEqual([["growth: runtime: kata → the engine's default"], ["reduction: runtime: the engine's default → kata"]]);
    expect(bothWays('  runtime runc', '  runtime crun', 'confinement')).toEqual([['neutral: runtime: runc → crun'], ['neutral: runtime: crun → runc']]);
    expect(bothWays('  runtime runsc', '  runtime runsc\n  untrusted', 'confinement')).toEqual([
      ['neutral: the workload\'s code: marked trusted → untrusted'],
      ['neutral: the workload\'s code: marked untrusted → trusted'],
    ]);
  });

  it('filesystem: relabelling a mount is said, without a direction', () => {
    expect(bothWays('  filesystem { volume data -> /data }', '  filesystem { volume data -> /data relabel private }', 'filesystem')).toEqual([
      ['neutral: relabel of volume data at /data: none → private'],
      ['neutral: relabel of volume data at /data: private → none'],
    ]);
  });

  it('limits: raised, lowered, removed and added', () => {
    expect(bothWays('  limits { memory 256MiB }', '  limits { memory 1GiB }', 'limits')).toEqual([['growth: memory raised: 256MiB → 1GiB'], ['reduction: memory lowered: 1GiB → 256MiB']]);
    expect(bothWays('', '  limits { memory unlimited }', 'limits')).toEqual([['growth: memory limit removed: 512MiB → unlimited'], ['reduction: memory limit added: unlimited → 512MiB']]);
    expect(bothWays('  limits { memory 512MiB }', '  limits { memory 512MiB\n memory-swap 1GiB }', 'limits')).toEqual([['growth: swap raised: 0B → 512MiB'], ['reduction: swap lowered: 512MiB → 0B']]);
    expect(bothWays('', '  limits { pids 64\n cpus 2 }', 'limits')).toEqual([['growth: cpus raised: 1 → 2', 'reduction: pids lowered: 256 → 64'], ['growth: pids raised: 64 → 256', 'reduction: cpus lowered: 2 → 1']]);
    expect(bothWays('', '  limits { nofile 1024:2048 }', 'limits')).toEqual([['reduction: ulimit nofile lowered: 4096:4096 → 1024:2048'], ['growth: ulimit nofile raised: 1024:2048 → 4096:4096']]);
    expect(bothWays('', '  limits { ulimit nproc 512 }', 'limits')).toEqual([
      ["reduction: ulimit nproc set: 512:512 (was the engine's default)"],
      ["growth: ulimit nproc removed: 512:512 → the engine's default"],
    ]);
    expect(bothWays('  filesystem { tmpfs /tmp size 8MiB }', '  filesystem { tmpfs /tmp size 16MiB }', 'limits')).toEqual([['growth: tmpfs /tmp size raised: 8MiB → 16MiB'], ['reduction: tmpfs /tmp size lowered: 16MiB → 8MiB']]);
    expect(bothWays('', '  limits { memory-reservation 128MiB }', 'limits')).toEqual([['neutral: memory-reservation: none → 128MiB'], ['neutral: memory-reservation: 128MiB → none']]);
  });

  it('sees through inheritance: a change in a base is a change of the policy', () => {
    const child = '  syscalls { allow sendfile }';
    const head = 'extends "./base.secpol"\n';
    const before = ir(child, { 'base.secpol': 'workload base {\n  user 1000:1000\n}\n' }, head);
    const after = ir(child, { 'base.secpol': 'workload base {\n  user 1000:1000\n  namespaces { pid host }\n}\n' }, head);
    expect(changes(before, after)).toEqual(['growth: pid namespace: private → host']);
  });

  it('orders changes by risk, growth first within a category, and the same every time', () => {
    const a = ir('  limits { memory 256MiB }');
    const b = ir('  user root\n  syscalls { allow @signals, sendfile }\n  capabilities { add KILL }\n  filesystem { tmpfs /cache }\n  limits { memory 128MiB }\n  namespaces { pid host }');
    const d = diffPrivileges(a, b);
    const ranks = d.changes.map((c) => CATEGORY_ORDER.indexOf(c.category));
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    expect(d.changes.slice(0, 3).map((c) => c.category)).toEqual(['capabilities', 'namespaces', 'user']);
    expect(d.changes[d.changes.length - 1]).toMatchObject({ category: 'limits', direction: 'reduction', subject: 'memory' });
    expect(diffPrivileges(a, b)).toEqual(d);
    expect(d.grew).toBe(true);
    expect(d.summary).toEqual({ growth: d.changes.length - 1, reduction: 1, neutral: 0 });
  });
});

describe('the forms of a diff', () => {
  const before = ir('  limits { memory 256MiB }');
  const after = ir('  namespaces { pid host }\n  filesystem { deny /proc/*/mem }');
  const d = diffPrivileges(before, after);
  const sides = [
    { file: 'main:app.secpol', workload: 'app' },
    { file: 'app.secpol', workload: 'app' },
  ] as const;

  it('text: a verdict, then one block per category, without colour unless asked', () => {
    const t = renderDiffText(d, sides[0], sides[1], { color: false });
    expect(t).toContain('secpol: privilege grew: 2 growth, 1 reduction (main:app.secpol → app.secpol)');
    expect(t).toContain('namespaces\n  ⬆ growth     pid namespace: private → host');
    expect(t).not.toContain('\u001b[');
    expect(renderDiffText(d, sides[0], sides[1], { color: true })).toContain('\u001b[');
  });

  it('markdown: a heading, a summary and a table, subjects as code', () => {
    const m = renderDiffMarkdown(d, sides[0], sides[1]);
    expect(m.startsWith('### secpol: ⬆ privilege grew\n')).toBe(true);
    expect(m).toContain('**2 growth, 1 reduction**');
    expect(m).toContain('`main:app.secpol` → `app.secpol` (workload `app`)');
    expect(m).toContain('| ⬆ growth | `pid namespace`: private → host | namespaces |');
    expect(m).toContain('| ⬇ reduction | deny `/proc/*/mem` added | filesystem |');
    // Growth first, in its own table; the rest folded below it.
    expect(m.indexOf('needs a security review')).toBeLessThan(m.indexOf('| ⬆ growth | `pid namespace`'));
    expect(m.indexOf('| ⬆ growth | `memory limit`')).toBeLessThan(m.indexOf('<details><summary>1 reduction</summary>'));
    expect(m.indexOf('<details><summary>1 reduction</summary>')).toBeLessThan(m.indexOf('| ⬇ reduction |'));
    const less = renderDiffMarkdown(diffPrivileges(ir(''), ir('  filesystem { deny /proc/*/mem }')), sides[0], sides[1]);
    expect(less).toContain('### secpol: ⬇ privilege did not grow');
    expect(less).not.toContain('<details>');
    expect(renderDiffMarkdown(diffPrivileges(before, before), sides[0], sides[1])).toContain('### secpol: no privilege change');
  });

  it('json: the documented shape', () => {
    const j = diffToJson(d, sides[0], sides[1]);
    expect(Object.keys(j)).toEqual(['diffVersion', 'before', 'after', 'privilegeGrew', 'summary', 'changes']);
    expect(j['changes']).toContainEqual({ category: 'namespaces', direction: 'growth', subject: 'pid namespace', before: 'private', after: 'host', arches: null, message: 'pid namespace: private → host' });
  });
});

describe('natural order of condition texts', () => {
  it('compares digit runs as numbers and the rest by code unit, the same on every machine', async () => {
    const { natural } = await import('../../src/review/privilege-diff.js');
    const xs = ['arg0 == 10', 'arg0 == 9', 'arg1 == 2', 'arg0 == 100', 'arg0 & 0x7e020000 == 0', 'arg0 == 9 and arg1 == 1'];
    expect([...xs].sort(natural)).toEqual(['arg0 & 0x7e020000 == 0', 'arg0 == 9', 'arg0 == 9 and arg1 == 1', 'arg0 == 10', 'arg0 == 100', 'arg1 == 2']);
    expect(natural('a', 'a')).toBe(0);
    expect(natural('x99999999999999999999', 'x100000000000000000000')).toBe(-1);
  });
});
