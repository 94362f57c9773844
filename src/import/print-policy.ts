/**
 * The one printer of `secpol import`: an imported workload as policy text, every setting the engine
 * had said in the language's own words (Docker's defaults included: `root writable`, the default
 * capabilities, `memory unlimited` …), each value written as a word only when it is one and as a
 * quoted string otherwise, so an imported value is always data. What it cannot say, or says
 * differently, is reported (W0801, W0804) at the setting's place in the source. The text is then put
 * in `secpol fmt`'s layout by the caller (import.ts).
 */
import { DOCKER_DEFAULT_CAPABILITIES } from '../compiler/data/capabilities.js';
import { syscallsFor } from '../compiler/data/capability-syscalls.js';
import { DEFAULT_ARCHES } from '../compiler/data/arches.js';
import type { Arch } from '../compiler/ir.js';
import { syscallGroup } from '../compiler/data/syscall-groups.js';
import { syscallExists } from '../compiler/data/syscall-table.js';
import { diag, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Span } from '../compiler/source.js';
import type { ImportedCondition, ImportedWorkload } from './settings.js';

/** A string literal of the language: `"` and `\` escaped, newline and tab as `\n`, `\t`. */
export function str(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** `s` as a bare word when the lexer reads it as one word (no glob characters), else as a string. */
export function word(s: string): string {
  return /^[A-Za-z0-9_./:@%+~-]+$/.test(s) && !s.startsWith('-') && !s.includes('->') ? s : str(s);
}

/** A size in the largest binary unit that divides it. */
export function size(bytes: number): string {
  for (const [unit, n] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) if (bytes % n === 0 && bytes >= n) return `${bytes / n}${unit}`;
  return `${bytes}B`;
}

const DOCKER_DEFAULT_GROUP = new Set(syscallGroup('docker-default')?.syscalls ?? []);
/** The calls Docker's default profile allows on conditions of their arguments, which secpol writes its own way. */
const DOCKER_DEFAULT_ARGUMENT_RULES = ['clone', 'socket'];
/** The `personality` values Docker's default profile allows: PER_LINUX, PER_LINUX32, UNAME26, UNAME26|PER_LINUX32, and the query 0xffffffff. */
const DOCKER_DEFAULT_PERSONALITIES = ['0', '8', '0x20000', '0x20008', '0xffffffff'];

/** Prints `w`; `at` is where the workload is in the source, the place of reports about defaults. */
export function printPolicy(w: ImportedWorkload, at: Span): { text: string; diagnostics: Diagnostic[] } {
  const ds: Diagnostic[] = [];
  const unsafe = (setting: string, how: string): void => void ds.push(diag('W0801', at, { setting, how }));
  const approx = (setting: string, how: string): void => void ds.push(diag('W0804', at, { setting, how }));
  const out: string[] = [];
  const line = (depth: number, s: string): void => void out.push(`${'  '.repeat(depth)}${s}`);

  line(0, `workload ${w.name} {`);
  if (w.image !== null) line(1, `image ${str(w.image)}`);
  if (w.entrypoint) line(1, `entrypoint ${w.entrypoint.map(str).join(' ')}`);
  if (w.command) line(1, `command ${w.command.map(str).join(' ')}`);
  if (w.workdir !== null) line(1, `workdir ${word(w.workdir)}`);
  // secpol's artifacts give the workload's name as the hostname already: said again, it changes nothing.
  if (w.hostname !== null && w.hostname !== w.name) line(1, `hostname ${word(w.hostname)}`);
  for (const [k, v] of [...w.env].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) line(1, `env ${word(k)} = ${str(v)}`);
  if (w.user === null) {
    line(1, 'user root');
    approx('the user', 'Docker runs the image\'s own user, which the import cannot see; the policy says `user root`, Docker\'s when the image names none (write the image\'s numeric user if it has one)');
  } else if (w.user === 'root') {
    line(1, 'user root');
    unsafe('the root user', 'user root');
  } else line(1, `user ${w.user.uid}${w.user.gid === null ? '' : `:${w.user.gid}`}`);
  if (w.user !== null && w.user !== 'root' && w.user.gid === null) approx('the group', 'Docker takes the user\'s primary group from the image; the policy gives the group id equal to the user id');
  if (w.groups.length > 0) line(1, `groups ${[...new Set(w.groups)].sort((a, b) => a - b).join(', ')}`);
  if (!w.noNewPrivileges) {
    line(1, 'no-new-privileges off');
    unsafe('setuid programs may gain privileges (Docker\'s default)', 'no-new-privileges off');
  }
  line(1, `apparmor-profile ${word(w.apparmor)}`);
  if (w.apparmor === 'unconfined') unsafe('no AppArmor profile', 'apparmor-profile unconfined');
  if (w.selinux === 'disable') line(1, 'selinux disable');
  else if (w.selinux) {
    line(1, 'selinux {');
    for (const k of ['user', 'role', 'type', 'level'] as const) if (w.selinux[k] !== undefined) line(2, `${k} ${k === 'level' ? str(w.selinux[k]!) : word(w.selinux[k]!)}`);
    line(1, '}');
  }
  if (w.runtime !== null) line(1, `runtime ${word(w.runtime)}`);
  if (w.seccomp.kind === 'profile' && w.seccomp.arches.length > 0) line(1, `arch ${w.seccomp.arches.join(', ')}`);
  for (const [k, v] of [...w.sysctls].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) line(1, `sysctl ${word(k)} = ${word(v)}`);

  // Network. Docker's seccomp profile lets every socket family through; secpol's filter allows those `protocols` grants.
  const permissive = w.seccomp.kind !== 'profile';
  const protocols = permissive ? ['tcp', 'udp', 'unix', 'netlink', ...(w.capabilities.has('CAP_NET_RAW') ? ['raw', 'packet'] : [])] : [];
  line(1, 'network {');
  if ('joins' in w.network) for (const j of w.network.joins) line(2, `join ${word(j.name)}${j.internal ? ' internal' : ''}`);
  else line(2, `mode ${word(w.network.mode)}`);
  if ('mode' in w.network && w.network.mode === 'host') unsafe('the host\'s network namespace', 'mode host');
  for (const p of w.ports) {
    const host = p.hostIp === null && p.hostPort === null ? '' : `${p.hostIp === null ? '' : `${p.hostIp}:`}${p.hostPort ?? ''}`;
    const target = `${p.port}${p.protocol === 'udp' ? '/udp' : ''}`;
    line(2, host === '' ? `publish ${target}` : `publish ${word(host)} -> ${target}`);
  }
  if (protocols.length > 0) line(2, `protocols ${protocols.join(', ')}`);
  line(1, '}');
  if (permissive) approx('the socket families', `Docker's default seccomp profile lets every family through; secpol's filter allows those of \`protocols ${protocols.join(', ')}\``);

  line(1, 'filesystem {');
  line(2, w.readOnlyRoot ? 'root readonly' : 'root writable');
  if (!w.readOnlyRoot) unsafe('a writable root file system', 'root writable');
  const ipcShared = w.namespaces.ipc !== 'private';
  // A read-only tmpfs over /dev/shm or /dev/mqueue is what secpol mounts there anyway.
  const tmpfs = w.tmpfs.filter((t) => ipcShared || !(t.readonly && (t.target === '/dev/shm' || t.target === '/dev/mqueue')));
  // Docker's /dev/shm: a writable 64MiB tmpfs when IPC is private.
  if (!ipcShared && !tmpfs.some((t) => t.target === '/dev/shm')) tmpfs.push({ target: '/dev/shm', size: 64 * 1024 * 1024, mode: null, exec: false, readonly: false });
  for (const t of [...tmpfs].sort((a, b) => (a.target < b.target ? -1 : 1))) {
    const opts = [t.size !== null ? `size ${size(t.size)}` : '', t.mode !== null ? `mode ${t.mode.toString(8).padStart(4, '0')}` : '', t.exec ? 'exec' : '', t.readonly ? 'readonly' : ''].filter((x) => x);
    line(2, `tmpfs ${word(t.target)}${opts.length ? ' ' + opts.join(' ') : ''}`);
  }
  if (!ipcShared && !w.tmpfs.some((t) => t.target === '/dev/mqueue')) approx('/dev/mqueue', 'Docker mounts the POSIX message-queue file system there, writable; secpol mounts a read-only tmpfs over it unless IPC is shared');
  for (const m of [...w.mounts].sort((a, b) => (a.target < b.target ? -1 : 1))) {
    const relabel = m.relabel ? ` relabel ${m.relabel}` : '';
    if (m.kind === 'volume') line(2, `volume ${word(m.source)} -> ${word(m.target)}${m.readonly ? ' readonly' : ''}${relabel}`);
    else line(2, `bind ${str(m.source)} -> ${word(m.target)}${m.readonly ? '' : ' writable'}${relabel}`);
  }
  line(1, '}');

  // A capability whose every call is missing on a target architecture cannot have them allowed by
  // name (E0303), and without them it would be refused (E0403): left out, and said (SYS_RAWIO: x86's iopl, ioperm).
  const allowable = (n: string): boolean => DOCKER_DEFAULT_GROUP.has(n) || DEFAULT_ARCHES.every((a) => syscallExists(n, a));
  const unreachable = w.seccomp.kind === 'docker-default' ? [...w.capabilities].filter((c) => syscallsFor(c).length > 0 && !syscallsFor(c).some(allowable)).sort() : [];
  if (unreachable.length > 0) approx('the capabilities', `${unreachable.map((c) => c.replace(/^CAP_/, '')).join(', ')} ${unreachable.length === 1 ? 'exists' : 'exist'} for calls missing on ${DEFAULT_ARCHES.join(' or ')}, which the filter cannot allow there; the policy leaves ${unreachable.length === 1 ? 'it' : 'them'} out`);
  const caps = [...w.capabilities].filter((c) => !unreachable.includes(c)).sort();
  line(1, 'capabilities {');
  if (caps.length > 0) line(2, `add ${caps.map((c) => c.replace(/^CAP_/, '')).join(', ')}`);
  line(1, '}');
  const defaults = DOCKER_DEFAULT_CAPABILITIES.filter((c) => w.capabilities.has(c)).sort();
  if (defaults.length === DOCKER_DEFAULT_CAPABILITIES.length) unsafe(`Docker's ${defaults.length} default capabilities`, 'add ' + defaults.map((c) => c.replace(/^CAP_/, '')).join(', '));

  printSyscalls(w, caps, line, approx, unsafe);

  line(1, 'namespaces {');
  for (const ns of ['pid', 'ipc', 'uts', 'cgroup'] as const) {
    if (w.namespaces[ns] === 'engine') {
      line(2, `${ns} private`);
      approx('the cgroup namespace', 'Docker\'s default depends on the host (private with cgroup v2, the host\'s with cgroup v1); the policy says `cgroup private`');
      continue;
    }
    line(2, `${ns} ${w.namespaces[ns]}`);
    if (w.namespaces[ns] === 'host') unsafe(`the host's ${ns} namespace`, `${ns} host`);
  }
  line(1, '}');

  line(1, 'limits {');
  line(2, w.memory === null ? 'memory unlimited' : `memory ${size(w.memory)}`);
  if (w.memory === null) unsafe('no memory limit', 'memory unlimited');
  // Docker: without --memory-swap, swap is as large as the memory limit (memory-swap = 2 × memory).
  const swap = w.memorySwap === 'unlimited' || w.memory === null ? null : w.memorySwap ?? w.memory * 2;
  line(2, swap === null ? 'memory-swap unlimited' : `memory-swap ${size(swap)}`);
  if (w.memoryReservation !== null) line(2, `memory-reservation ${size(w.memoryReservation)}`);
  if (w.milliCpus !== null && w.milliCpus !== 1000) line(2, `cpus ${(w.milliCpus / 1000).toString()}`);
  if (w.milliCpus === null) approx('the CPU limit', 'Docker sets none and the language has no `cpus unlimited`; the policy gets the default, 1 CPU');
  if (w.cpuShares !== null) line(2, `cpu-shares ${w.cpuShares}`);
  line(2, w.pids === null ? 'pids unlimited' : `pids ${w.pids}`);
  if (w.pids === null) unsafe('no process limit', 'pids unlimited');
  const languageDefault = (name: string, u: { soft: number; hard: number }): boolean => (name === 'core' && u.soft === 0 && u.hard === 0) || (name === 'nofile' && u.soft === 4096 && u.hard === 4096);
  for (const [name, u] of [...w.ulimits].sort(([a], [b]) => (a < b ? -1 : 1))) if (!languageDefault(name, u)) line(2, `ulimit ${name} ${u.soft}${u.hard === u.soft ? '' : `:${u.hard}`}`);
  const added = ['core', 'nofile'].filter((n) => !w.ulimits.has(n));
  if (added.length > 0) approx('the ulimits', `Docker keeps the daemon's; the language always sets ${added.map((n) => (n === 'core' ? '`core 0:0`' : '`nofile 4096:4096`')).join(' and ')}`);
  line(1, '}');
  line(0, '}');
  return { text: out.join('\n') + '\n', diagnostics: ds };
}

function printSyscalls(w: ImportedWorkload, caps: readonly string[], line: (d: number, s: string) => void, approx: (s: string, h: string) => void, unsafe: (s: string, h: string) => void): void {
  const s = w.seccomp;
  line(1, 'syscalls {');
  if (s.kind === 'unconfined') {
    line(2, 'default allow');
    unsafe('no seccomp filter', 'default allow');
  } else if (s.kind === 'docker-default') {
    line(2, 'allow @docker-default');
    // The group is Docker's unconditional rules only. Its rules on arguments are carried as secpol
    // writes them: `clone` (secpol refuses the namespace flags, as Docker does without SYS_ADMIN),
    // `socket` (the families `protocols` grants) and `personality` (Docker's five values). Without
    // them every server fails at its first socket or fork. Docker's profile also allows a
    // capability's calls when the container has it (its `includes.caps` rules).
    const extra = [...new Set([...DOCKER_DEFAULT_ARGUMENT_RULES, ...caps.flatMap((c) => syscallsFor(c))])].filter((n) => !DOCKER_DEFAULT_GROUP.has(n) && DEFAULT_ARCHES.every((a) => syscallExists(n, a))).sort();
    if (extra.length > 0) line(2, `allow ${extra.join(', ')}`);
    line(2, `allow personality if arg0 in [${DOCKER_DEFAULT_PERSONALITIES.join(', ')}]`);
    approx('Docker\'s default seccomp profile', '`@docker-default`, `clone` and `socket` on secpol\'s conditions, Docker\'s `personality` values, and the calls the granted capabilities unlock; its architecture rules (modify_ldt) and clone flags beyond secpol\'s own are not carried');
  } else {
    line(2, `default ${s.defaultAction}`);
    line(2, 'baseline off');
    const arches: readonly Arch[] = s.arches.length > 0 ? (s.arches as Arch[]) : DEFAULT_ARCHES;
    if (s.dockerDefault) line(2, 'allow @docker-default');
    for (const r of s.rules) {
      const names = r.names.filter((n) => !(s.dockerDefault && r.action === 'allow' && r.conditions.length === 0 && DOCKER_DEFAULT_GROUP.has(n)));
      const here = names.filter((n) => arches.every((a) => syscallExists(n, a)));
      const missing = names.filter((n) => !here.includes(n));
      if (missing.length > 0) approx(`${missing.length === 1 ? 'the call' : 'the calls'} ${missing.map((n) => `\`${n}\``).join(', ')}`, `missing on ${arches.join(' or ')}, where runc ignores a rule for it; the policy leaves ${missing.length === 1 ? 'it' : 'them'} out`);
      if (here.length === 0) continue;
      const cond = r.conditions.length > 0 ? ` if ${r.conditions.map(condition).join(' and ')}` : '';
      const how = r.action === 'deny' && r.with !== null ? ` with ${r.with}` : '';
      if (cond !== '') for (const n of here) line(2, `${r.action} ${n}${cond}${how}`);
      else line(2, `${r.action} ${here.join(', ')}${how}`);
    }
  }
  line(1, '}');
}

function condition(c: ImportedCondition): string {
  const hex = (v: bigint): string => (v > 0xffffn ? `0x${v.toString(16)}` : v.toString());
  if (c.op === '&') return `arg${c.index} & ${hex(c.value)} == ${hex(c.masked ?? 0n)}`;
  return `arg${c.index} ${c.op} ${hex(c.value)}`;
}
