/**
 * Docker's own meaning of each security setting, shared by the `docker run` and Compose readers:
 * both name the same HostConfig fields (moby's `runconfig/opts`, compose-go's `types.ServiceConfig`),
 * so each value is read here once, with Docker's syntax and defaults, into the neutral model. Every
 * reader hands over the value's span, so each diagnostic points at the token at fault.
 */
import { CAPABILITIES, DOCKER_DEFAULT_CAPABILITIES, canonicalCapability } from '../compiler/data/capabilities.js';
import { ULIMIT_NAMES } from '../compiler/data/ulimits.js';
import { diag, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { suggest } from '../compiler/diagnostics/suggest.js';
import type { Span } from '../compiler/source.js';
import type { ImportedWorkload } from './settings.js';

/** Reads Docker values into one workload, collecting what the import says about them. */
export class DockerOptions {
  readonly diagnostics: Diagnostic[] = [];
  private readonly capAdd: { cap: string; span: Span }[] = [];
  private readonly capDrop: { cap: string; span: Span }[] = [];

  constructor(readonly w: ImportedWorkload) {}

  /** An option the language has no statement for. */
  notCarried(option: string, why: string, span: Span): void {
    this.diagnostics.push(diag('W0802', span, { option, why }));
  }

  /** An option that is not a security setting. */
  leftToTeam(option: string, span: Span): void {
    this.diagnostics.push(diag('W0803', span, { option }));
  }

  /** A value Docker would refuse. */
  invalid(what: string, value: string, why: string, span: Span, extras: { suggestion?: string; help?: string } = {}): void {
    this.diagnostics.push(diag('E0803', span, { what, value, why }, extras));
  }

  approximated(setting: string, how: string, span: Span): void {
    this.diagnostics.push(diag('W0804', span, { setting, how }));
  }

  /** `--cap-add` / `cap_add`: Docker accepts the name with or without `CAP_`, in any case, and `ALL`. */
  addCapability(value: string, span: Span): void {
    const cap = this.capability(value, span);
    if (cap) this.capAdd.push({ cap, span });
  }

  dropCapability(value: string, span: Span): void {
    const cap = this.capability(value, span);
    if (cap) this.capDrop.push({ cap, span });
  }

  private capability(value: string, span: Span): string | undefined {
    if (value.toUpperCase() === 'ALL') return 'ALL';
    const cap = canonicalCapability(value);
    if (cap) return cap;
    const names = CAPABILITIES.map((c) => c.name);
    const full = value.toUpperCase().startsWith('CAP_') ? value.toUpperCase() : `CAP_${value.toUpperCase()}`;
    const guess = suggest(full, names) ?? longestPrefix(full, names);
    this.invalid('capability', value, 'no such capability exists (capabilities(7))', span, guess ? { suggestion: guess.replace(/^CAP_/, '') } : { help: '`secpol explain --groups` and capabilities(7) list the capabilities' });
    return undefined;
  }

  setPrivileged(on: boolean, span: Span): void {
    if (!on) return;
    // Not carried: the capabilities stay those the other options give.
    this.notCarried('privileged', 'a privileged container gets every capability, every host device and no seccomp or AppArmor confinement, and the language has no statement for it; the policy keeps the other settings', span);
  }

  /** `--security-opt` / `security_opt`: `no-new-privileges[:BOOL]`, `apparmor=…`, `seccomp=…`, `label=…`. */
  securityOpt(value: string, span: Span): void {
    const m = /^([a-z-]+)(?:[=:](.*))?$/s.exec(value);
    const key = m?.[1] ?? '';
    const arg = m?.[2];
    if (key === 'no-new-privileges') {
      if (arg === undefined || arg === 'true') this.w.noNewPrivileges = true;
      else if (arg === 'false') this.w.noNewPrivileges = false;
      else this.invalid('security option', value, '`no-new-privileges` takes `true` or `false`', span);
      return;
    }
    if (key === 'apparmor' && arg !== undefined && arg !== '') {
      this.w.apparmor = arg;
      return;
    }
    if (key === 'seccomp' && arg !== undefined && arg !== '') {
      if (arg === 'unconfined') this.w.seccomp = { kind: 'unconfined' };
      else if (arg === 'default' || arg === 'builtin') this.w.seccomp = { kind: 'docker-default' };
      else {
        this.w.seccomp = { kind: 'docker-default' };
        this.approximated('the seccomp profile', `\`${arg}\` is a file the import does not read, so the policy starts from Docker's default profile; run \`secpol import seccomp ${arg}\` and put its \`syscalls\` section in this policy`, span);
      }
      return;
    }
    if (key === 'label' && arg !== undefined) {
      if (arg === 'disable') {
        this.w.selinux = 'disable';
        return;
      }
      const part = /^(user|role|type|level):(.+)$/s.exec(arg);
      if (part) {
        const cur = this.w.selinux && this.w.selinux !== 'disable' ? this.w.selinux : {};
        this.w.selinux = { ...cur, [part[1]!]: part[2]! };
        return;
      }
    }
    if (key === 'systempaths' && arg === 'unconfined') {
      this.notCarried(value, 'the language always masks /proc and /sys paths as Docker does by default', span);
      return;
    }
    if (key === 'label' || key === 'apparmor' || key === 'seccomp') {
      this.invalid('security option', value, `\`${key}\` needs a value`, span);
      return;
    }
    this.invalid('security option', value, 'Docker knows `no-new-privileges`, `apparmor=`, `seccomp=`, `label=` and `systempaths=`', span);
  }

  /** `--tmpfs PATH[:OPTIONS]` / Compose `tmpfs:` (Docker mounts it `noexec,nosuid,nodev` unless told). */
  tmpfs(spec: string, span: Span): void {
    const at = spec.indexOf(':');
    const target = at < 0 ? spec : spec.slice(0, at);
    const opts = at < 0 ? [] : spec.slice(at + 1).split(',').filter((o) => o !== '');
    let size: number | null = null;
    let mode: number | null = null;
    let exec = false;
    let ro = false;
    for (const o of opts) {
      const [k, v] = o.split('=', 2) as [string, string | undefined];
      if (k === 'size' && v !== undefined) {
        const b = parseBytes(v);
        if (b === undefined) return this.invalid('tmpfs size', v, 'Docker reads a number with an optional unit (k, m, g)', span);
        size = b;
      } else if (k === 'mode' && v !== undefined && /^[0-7]{1,4}$/.test(v)) mode = parseInt(v, 8);
      else if (k === 'exec') exec = true;
      else if (k === 'noexec') exec = false;
      else if (k === 'ro') ro = true;
      else if (k === 'rw' || k === 'nosuid' || k === 'nodev' || k === 'uid' || k === 'gid') continue;
      else this.notCarried(`${target}:${o}`, 'a tmpfs takes `size`, `mode`, `exec` and `readonly` in the language; it is always nosuid and nodev', span);
    }
    if (size === null) this.approximated(`the tmpfs at \`${target}\``, 'Docker sizes a tmpfs without `size` at half the host\'s memory; the policy gives it the language\'s default, 64MiB', span);
    this.w.tmpfs = this.w.tmpfs.filter((t) => t.target !== target);
    this.w.tmpfs.push({ target, size, mode, exec, readonly: ro });
  }

  /** `--shm-size` / `shm_size`: Docker's /dev/shm, a writable tmpfs of that size. */
  shmSize(value: string, span: Span): void {
    const b = parseBytes(value);
    if (b === undefined) return this.invalid('shm size', value, 'Docker reads a number with an optional unit (k, m, g)', span);
    this.w.tmpfs = this.w.tmpfs.filter((t) => t.target !== '/dev/shm');
    this.w.tmpfs.push({ target: '/dev/shm', size: b, mode: null, exec: false, readonly: false });
  }

  /** `-v SRC:DST[:OPTS]` / Compose's short volume syntax. */
  volume(spec: string, span: Span): void {
    const parts = spec.split(':');
    if (parts.length === 1) {
      this.notCarried(spec, 'an anonymous volume has no name the policy could give it; name it (`NAME:' + spec + '`)', span);
      return;
    }
    const [source, target, opts = ''] = parts as [string, string, string?];
    if (parts.length > 3 || target === '') return this.invalid('volume', spec, 'Docker reads `SOURCE:TARGET[:OPTIONS]`', span);
    this.mount(source.startsWith('/') || source.startsWith('.') || source.startsWith('~') ? 'bind' : 'volume', source, target, opts.split(',').filter((o) => o !== ''), spec, span);
  }

  /** A mount with its options (`ro`, `rw`, `z`, `Z`; others are reported). */
  mount(kind: 'bind' | 'volume', source: string, target: string, opts: readonly string[], spec: string, span: Span): void {
    let ro = false;
    let relabel: 'shared' | 'private' | null = null;
    for (const o of opts) {
      if (o === 'ro' || o === 'readonly') ro = true;
      else if (o === 'rw') ro = false;
      else if (o === 'z') relabel = 'shared';
      else if (o === 'Z') relabel = 'private';
      else this.notCarried(`${spec} (${o})`, 'a mount takes `readonly` and `relabel` in the language; propagation, `nocopy` and consistency options are the engine\'s defaults', span);
    }
    if (kind === 'bind' && !source.startsWith('/')) {
      this.notCarried(spec, 'a bind of a relative host path depends on the folder the command runs in; write the absolute path', span);
      return;
    }
    this.w.mounts = this.w.mounts.filter((m) => m.target !== target);
    this.w.mounts.push({ kind, source, target, readonly: ro, relabel });
  }

  /** `-p [IP:][HOST:]PORT[/PROTO]`. */
  publish(spec: string, span: Span): void {
    const m = /^(?:(\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(?:(\d*):)?(\d+)(?:\/(tcp|udp))?$/.exec(spec);
    if (!m) {
      if (/\d-\d/.test(spec) || /\/sctp$/.test(spec)) return this.notCarried(spec, 'the language publishes one tcp or udp port per `publish`; write one for each port of the range', span);
      return this.invalid('published port', spec, 'Docker reads `[IP:][HOST_PORT:]PORT[/tcp|udp]`', span);
    }
    const ip = m[1] ?? null;
    this.w.ports.push({ hostIp: ip, hostPort: m[2] ? m[2] : null, port: m[3]!, protocol: (m[4] as 'tcp' | 'udp' | undefined) ?? 'tcp' });
  }

  /** `--network` / `network_mode`. */
  network(value: string, span: Span): void {
    if (value.startsWith('container:') || value.startsWith('service:')) return this.notCarried(value, 'the language gives each workload its own network namespace or the host\'s', span);
    this.w.network = { mode: value === 'default' ? 'bridge' : value };
  }

  /** `--pid`, `--ipc`, `--uts`, `--userns`, `--cgroupns`. */
  namespace(ns: 'pid' | 'ipc' | 'uts' | 'cgroup' | 'user', value: string, span: Span): void {
    const allowed = ns === 'ipc' ? ['host', 'private', 'shareable'] : ns === 'user' ? ['host'] : ['host', 'private'];
    if (ns === 'ipc' && value === 'none') return this.notCarried(`ipc ${value}`, 'the language has private, shareable and host IPC namespaces', span);
    if (!allowed.includes(value)) {
      if (value.startsWith('container:') || value.startsWith('service:')) return this.notCarried(value, 'the language cannot join another container\'s namespace', span);
      return this.invalid(`${ns} namespace mode`, value, `Docker takes ${allowed.map((a) => `\`${a}\``).join(', ')} here`, span);
    }
    this.w.namespaces[ns] = value;
  }

  /** `-u USER[:GROUP]`: numeric ids are carried; names need the image's passwd, which the language does not read. */
  user(value: string, span: Span): void {
    const m = /^(\d+)(?::(\d+))?$/.exec(value);
    if (value === 'root' || value === 'root:root' || (m && m[1] === '0' && (m[2] === undefined || m[2] === '0'))) {
      this.w.user = 'root';
      return;
    }
    if (m) {
      this.w.user = { uid: Number(m[1]), gid: m[2] === undefined ? null : Number(m[2]) };
      return;
    }
    this.notCarried(`user ${value}`, 'the language takes numeric ids (`user 1000:1000`); look the name up in the image\'s /etc/passwd and write its ids', span);
  }

  groupAdd(value: string, span: Span): void {
    if (/^\d+$/.test(value)) this.w.groups.push(Number(value));
    else this.notCarried(`group ${value}`, 'the language takes numeric group ids', span);
  }

  memory(field: 'memory' | 'memorySwap' | 'memoryReservation', value: string, span: Span): void {
    if (field === 'memorySwap' && value === '-1') {
      this.w.memorySwap = 'unlimited';
      return;
    }
    const b = parseBytes(value);
    if (b === undefined) return this.invalid('size', value, 'Docker reads a number with an optional unit (b, k, m, g)', span);
    this.w[field] = b === 0 ? null : b;
  }

  cpus(value: string, span: Span): void {
    if (!/^\d+(\.\d{1,3})?$/.test(value) && !/^\.\d{1,3}$/.test(value)) return this.invalid('CPU count', value, 'Docker reads a decimal number such as `1.5`', span);
    const milli = Math.round(Number(value) * 1000);
    this.w.milliCpus = milli === 0 ? null : milli;
  }

  cpuShares(value: string, span: Span): void {
    if (!/^\d+$/.test(value)) return this.invalid('CPU shares', value, 'Docker reads a whole number', span);
    this.w.cpuShares = Number(value) === 0 ? null : Number(value);
  }

  pids(value: string, span: Span): void {
    if (!/^-?\d+$/.test(value)) return this.invalid('PID limit', value, 'Docker reads a whole number (-1 or 0: unlimited)', span);
    this.w.pids = Number(value) <= 0 ? null : Number(value);
  }

  /** `--ulimit NAME=SOFT[:HARD]`. */
  ulimit(spec: string, span: Span): void {
    const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(spec);
    if (!m) return this.invalid('ulimit', spec, 'Docker reads `NAME=SOFT[:HARD]`', span);
    this.ulimitValues(m[1]!, Number(m[2]), m[3] === undefined ? Number(m[2]) : Number(m[3]), spec, span);
  }

  ulimitValues(name: string, soft: number, hard: number, spec: string, span: Span): void {
    if (!(ULIMIT_NAMES as readonly string[]).includes(name)) {
      const guess = suggest(name, ULIMIT_NAMES);
      return this.invalid('ulimit', spec, `\`${name}\` is no ulimit Docker knows`, span, guess ? { suggestion: guess } : {});
    }
    if (soft < 0 || hard < 0) return this.notCarried(spec, 'the language has no unlimited ulimit', span);
    this.w.ulimits.set(name, { soft, hard });
  }

  sysctl(spec: string, span: Span): void {
    const at = spec.indexOf('=');
    if (at <= 0) return this.invalid('sysctl', spec, 'Docker reads `NAME=VALUE`', span);
    this.w.sysctls.set(spec.slice(0, at), spec.slice(at + 1));
  }

  env(spec: string, span: Span): void {
    const at = spec.indexOf('=');
    if (at < 0) return this.notCarried(`env ${spec}`, 'a variable named without a value takes it from the environment of the shell that runs Docker; write its value in the policy', span);
    this.w.env.set(spec.slice(0, at), spec.slice(at + 1));
  }

  /**
   * Ends the reading: the capabilities Docker computes (moby's TweakCapabilities: from its default
   * set, `ALL` in drop empties it, drops are removed, adds are added, `ALL` in add grants all).
   */
  finish(): void {
    let caps = new Set(DOCKER_DEFAULT_CAPABILITIES);
    if (this.capDrop.some((d) => d.cap === 'ALL')) caps = new Set();
    for (const d of this.capDrop) caps.delete(d.cap);
    for (const a of this.capAdd) {
      if (a.cap === 'ALL') for (const c of CAPABILITIES) caps.add(c.name);
      else caps.add(a.cap);
    }
    this.w.capabilities = caps;
  }
}

/**
 * Docker's sizes (go-units RAMInBytes): a number, optionally with a binary unit b, k, m, g, t, p in
 * either case, optionally followed by `b` or `ib`. Undefined when it does not parse.
 */
export function parseBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?) ?([kmgtp])?(?:i?b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase();
  const mult = unit === '' ? 1 : 1024 ** ('kmgtp'.indexOf(unit) + 1);
  const v = Math.floor(Number(m[1]) * mult);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** The name sharing the longest start with `name` beyond `CAP_` (`CAP_NET_BIND_HIGH` → `CAP_NET_BIND_SERVICE`), when 8 characters or more. */
function longestPrefix(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestLen = 0;
  for (const n of names) {
    let i = 0;
    while (i < n.length && i < name.length && n[i] === name[i]) i++;
    if (i > bestLen) [best, bestLen] = [n, i];
  }
  return bestLen - 'CAP_'.length >= 8 ? best : undefined;
}
