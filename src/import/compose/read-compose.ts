/**
 * Reads a Compose file (the Compose Specification's `services`) into one workload per service. Each
 * service key is read with Docker's meaning through `DockerOptions`, as its `docker run` flag is;
 * keys that are not security settings are reported as left to the team's file, keys the language
 * cannot say as not carried. Parsed with js-yaml (its JSON schema: no custom tags, no code).
 */
import yaml from 'js-yaml';
import { parse as shellParse } from 'shell-quote';
import { diag, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { SourceFile, Span } from '../../compiler/source.js';
import { DockerOptions } from '../docker-options.js';
import { workloadNameFrom } from '../names.js';
import { dockerDefaults, type ImportedPolicy, type ReadResult } from '../settings.js';
import { YamlLocator } from '../yaml-locate.js';

const FORMAT = 'a Compose file';

/** Service keys that are not security settings: left to the team's Compose file. */
const TEAM_KEYS = new Set([
  'restart', 'healthcheck', 'depends_on', 'labels', 'logging', 'container_name', 'build', 'profiles', 'stop_grace_period',
  'stop_signal', 'tty', 'stdin_open', 'platform', 'pull_policy', 'scale', 'annotations', 'attach', 'develop', 'domainname',
  'post_start', 'pre_stop', 'label_file', 'extends',
]);

/** Service keys the language cannot say, and why. */
const NOT_CARRIED: Readonly<Record<string, string>> = {
  devices: 'the language has no statement for host devices',
  device_cgroup_rules: 'the language has no statement for host devices',
  gpus: 'the language has no statement for host devices',
  init: 'the language has no init process setting',
  env_file: 'the import does not read other files; write each variable with `env NAME = "VALUE"`',
  secrets: 'secrets are mounted by Compose; keep them in the team\'s file',
  configs: 'configs are mounted by Compose; keep them in the team\'s file',
  expose: 'exposing a port grants nothing; `publish` does',
  links: 'legacy links are not part of the language; join a network',
  external_links: 'legacy links are not part of the language',
  extra_hosts: 'host entries are left to the network',
  dns: 'DNS settings are left to the network',
  dns_search: 'DNS settings are left to the network',
  dns_opt: 'DNS settings are left to the network',
  mac_address: 'fixed addresses are left to the network',
  cpuset: 'the language limits CPU time, not which CPUs',
  cpu_quota: 'the language sets CPU time with `cpus`',
  cpu_period: 'the language sets CPU time with `cpus`',
  cpu_rt_runtime: 'the language limits CPU time, not real-time scheduling',
  cpu_rt_period: 'the language limits CPU time, not real-time scheduling',
  cpu_count: 'the language sets CPU time with `cpus`',
  cpu_percent: 'the language sets CPU time with `cpus`',
  blkio_config: 'the language has no block-I/O limits',
  oom_kill_disable: 'the OOM knobs are refused by the language (E0603)',
  oom_score_adj: 'the OOM knobs are refused by the language (E0603)',
  mem_swappiness: 'the language has no swappiness setting',
  storage_opt: 'the language has no storage driver options',
  volumes_from: 'the language names each mount itself',
  cgroup_parent: 'the language leaves the cgroup parent to the engine',
  isolation: 'Windows isolation has no meaning on Linux',
  credential_spec: 'Windows credential specs have no meaning on Linux',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const scalar = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

/** Reads the services of a Compose file (only `only` when given). */
export function readCompose(file: SourceFile, only?: string): ReadResult {
  let doc: unknown;
  try {
    doc = yaml.load(file.text, { schema: yaml.JSON_SCHEMA, json: false });
  } catch (e) {
    const mark = e instanceof yaml.YAMLException ? e.mark : undefined;
    const start = mark ? Math.min(mark.position, file.text.length) : 0;
    const reason = e instanceof yaml.YAMLException ? e.reason : String(e);
    return { policies: [], diagnostics: [diag('E0801', { file, start, end: start + 1 }, { format: FORMAT, why: `the YAML does not parse (${reason})` })] };
  }
  const loc = new YamlLocator(file);
  if (!isObj(doc) || !isObj(doc['services'])) return { policies: [], diagnostics: [diag('E0801', loc.span([]), { format: FORMAT, why: 'it has no `services` mapping' })] };
  const services = doc['services'];
  const names = Object.keys(services);
  if (only !== undefined && !names.includes(only)) {
    return { policies: [], diagnostics: [diag('E0801', loc.span(['services']), { format: FORMAT, why: `it has no service \`${only}\`` }, { help: `its services: ${names.map((n) => `\`${n}\``).join(', ')}` })] };
  }
  const topNetworks = isObj(doc['networks']) ? doc['networks'] : {};
  const policies: ImportedPolicy[] = [];
  for (const name of names.sort()) {
    if (only !== undefined && name !== only) continue;
    policies.push(readService(name, services[name], topNetworks, loc));
  }
  return { policies, diagnostics: [] };
}

function readService(service: string, value: unknown, topNetworks: Obj, loc: YamlLocator): ImportedPolicy {
  const at = loc.span(['services', service]);
  const w = dockerDefaults(workloadNameFrom(service));
  const o = new DockerOptions(w);
  const errors: Diagnostic[] = [];
  if (!isObj(value)) {
    errors.push(diag('E0801', at, { format: FORMAT, why: `service \`${service}\` is not a mapping` }));
    return { workload: w, span: at, diagnostics: errors };
  }
  const sp = (...path: (string | number)[]): Span => loc.span(['services', service, ...path]);
  /** A list of scalars (or one scalar), each with its span. */
  const list = (key: string, f: (v: string, s: Span) => void): void => {
    const v = value[key];
    if (Array.isArray(v)) v.forEach((x, i) => { const t = scalar(x); if (t === null) o.invalid(key, JSON.stringify(x), 'expected a string', sp(key, i)); else f(t, sp(key, i)); });
    else if (scalar(v) !== null) f(scalar(v)!, sp(key));
    else o.invalid(key, JSON.stringify(v) ?? '', 'expected a string or a list of strings', sp(key));
  };
  const one = (key: string, f: (v: string, s: Span) => void): void => {
    const t = scalar(value[key]);
    if (t === null) o.invalid(key, JSON.stringify(value[key]) ?? '', 'expected a single value', sp(key));
    else f(t, sp(key));
  };
  const words = (key: string): string[] | null => {
    const v = value[key];
    if (Array.isArray(v)) return v.map((x) => scalar(x) ?? '');
    if (typeof v === 'string') return shellParse(v, (k) => `$${k}`).map((p) => (typeof p === 'string' ? p : 'op' in p && p.op === 'glob' ? p.pattern : 'op' in p ? p.op : ''));
    return null;
  };
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key.startsWith('x-')) continue;
    if (TEAM_KEYS.has(key)) { o.leftToTeam(key, sp(key)); continue; }
    if (NOT_CARRIED[key] !== undefined) { o.notCarried(key, NOT_CARRIED[key]!, sp(key)); continue; }
    switch (key) {
      case 'image': one(key, (t) => { w.image = t; }); break;
      case 'command': w.command = words(key); break;
      case 'entrypoint': w.entrypoint = words(key); break;
      case 'working_dir': one(key, (t) => { w.workdir = t; }); break;
      case 'hostname': one(key, (t) => { w.hostname = t; }); break;
      case 'user': one(key, (t, s) => o.user(t, s)); break;
      case 'group_add': list(key, (t, s) => o.groupAdd(t, s)); break;
      case 'cap_add': list(key, (t, s) => o.addCapability(t, s)); break;
      case 'cap_drop': list(key, (t, s) => o.dropCapability(t, s)); break;
      case 'privileged': o.setPrivileged(v === true, sp(key)); break;
      case 'security_opt': list(key, (t, s) => o.securityOpt(t, s)); break;
      case 'read_only': w.readOnlyRoot = v === true; break;
      case 'tmpfs': list(key, (t, s) => o.tmpfs(t, s)); break;
      case 'shm_size': one(key, (t, s) => o.shmSize(t, s)); break;
      case 'volumes': readVolumes(v, o, (i) => sp(key, i)); break;
      case 'ports': readPorts(v, o, (i) => sp(key, i)); break;
      case 'network_mode': one(key, (t, s) => o.network(t, s)); break;
      case 'networks': {
        const nets = Array.isArray(v) ? v.map((x) => String(x)) : isObj(v) ? Object.keys(v) : [];
        w.network = { joins: nets.sort().map((n) => ({ name: n, internal: isObj(topNetworks[n]) && topNetworks[n]['internal'] === true })) };
        for (const n of nets) if (isObj(topNetworks[n]) && topNetworks[n]['external'] === true) o.notCarried(`networks: ${n}`, 'an external network is joined by `mode NAME` alone; the policy joins it as a network Compose creates', sp(key));
        break;
      }
      case 'pid': one(key, (t, s) => o.namespace('pid', t, s)); break;
      case 'ipc': one(key, (t, s) => o.namespace('ipc', t, s)); break;
      case 'uts': one(key, (t, s) => o.namespace('uts', t, s)); break;
      case 'userns_mode': one(key, (t, s) => o.namespace('user', t, s)); break;
      case 'cgroup': one(key, (t, s) => o.namespace('cgroup', t, s)); break;
      case 'mem_limit': one(key, (t, s) => o.memory('memory', t, s)); break;
      case 'memswap_limit': one(key, (t, s) => o.memory('memorySwap', t, s)); break;
      case 'mem_reservation': one(key, (t, s) => o.memory('memoryReservation', t, s)); break;
      case 'cpus': one(key, (t, s) => o.cpus(t, s)); break;
      case 'cpu_shares': one(key, (t, s) => o.cpuShares(t, s)); break;
      case 'pids_limit': one(key, (t, s) => o.pids(t, s)); break;
      case 'runtime': one(key, (t) => { w.runtime = t; }); break;
      case 'deploy': readDeploy(v, o, (...p) => sp(key, ...p)); break;
      case 'ulimits':
        if (isObj(v)) for (const [n, u] of Object.entries(v)) {
          if (isObj(u)) o.ulimitValues(n, Number(u['soft']), Number(u['hard']), `${n}`, sp(key, n));
          else o.ulimitValues(n, Number(u), Number(u), `${n}`, sp(key, n));
        }
        break;
      case 'sysctls':
        if (isObj(v)) for (const [n, x] of Object.entries(v)) o.sysctl(`${n}=${scalar(x) ?? ''}`, sp(key, n));
        else list(key, (t, s) => o.sysctl(t, s));
        break;
      case 'environment':
        if (isObj(v)) for (const [n, x] of Object.entries(v)) o.env(x === null ? n : `${n}=${scalar(x) ?? ''}`, sp(key, n));
        else list(key, (t, s) => o.env(t, s));
        break;
      default:
        o.notCarried(key, 'the import does not know this Compose key', sp(key));
    }
  }
  if (w.image === null) errors.push(diag('E0803', at, { what: 'service', value: service, why: 'it has no `image` (a service that only builds one names no image the policy could run)' }, { help: 'add `image: NAME` to the service' }));
  // Without `networks`, the service is on the project's `default` network: `mode bridge`, which
  // secpol's compose.yaml writes as that same network (`networks: [default]`).
  for (const x of [...Object.keys(value)].filter((k) => k === 'command' || k === 'entrypoint')) {
    const raw = value[x];
    if (typeof raw === 'string' && /\$/.test(raw)) o.diagnostics.push(diag('W0805', sp(x), { text: raw.match(/\$\{?\w+\}?/)?.[0] ?? '$' }));
  }
  o.finish();
  return { workload: w, span: at, diagnostics: [...errors, ...o.diagnostics] };
}

function readVolumes(v: unknown, o: DockerOptions, sp: (i: number) => Span): void {
  if (!Array.isArray(v)) return;
  v.forEach((x, i) => {
    if (typeof x === 'string') return o.volume(x, sp(i));
    if (!isObj(x)) return o.invalid('volume', JSON.stringify(x), 'expected a string or a mapping', sp(i));
    const type = scalar(x['type']) ?? 'volume';
    const target = scalar(x['target']);
    if (target === null) return o.invalid('volume', JSON.stringify(x), 'Compose needs `target`', sp(i));
    if (type === 'tmpfs') {
      const t = isObj(x['tmpfs']) ? x['tmpfs'] : {};
      const size = scalar(t['size']);
      const mode = typeof t['mode'] === 'number' ? (t['mode'] as number).toString(8) : scalar(t['mode']);
      return o.tmpfs(`${target}:${[size ? `size=${size}` : '', mode ? `mode=${mode}` : '', x['read_only'] === true ? 'ro' : ''].filter((s) => s).join(',')}`, sp(i));
    }
    if (type !== 'bind' && type !== 'volume') return o.notCarried(`volumes: type ${type}`, 'the language mounts volumes, binds and tmpfs', sp(i));
    const source = scalar(x['source']);
    if (source === null) return o.notCarried(`volumes: ${target}`, 'an anonymous volume has no name the policy could give it', sp(i));
    const opts: string[] = [];
    if (x['read_only'] === true) opts.push('ro');
    const selinux = isObj(x['bind']) ? scalar(x['bind']['selinux']) : null;
    if (selinux) opts.push(selinux);
    for (const k of Object.keys(x)) if (!['type', 'source', 'target', 'read_only', 'bind'].includes(k)) opts.push(k);
    o.mount(type, source, target, opts, `${source}:${target}`, sp(i));
  });
}

function readPorts(v: unknown, o: DockerOptions, sp: (i: number) => Span): void {
  if (!Array.isArray(v)) return;
  v.forEach((x, i) => {
    if (typeof x === 'string' || typeof x === 'number') return o.publish(String(x), sp(i));
    if (!isObj(x)) return o.invalid('port', JSON.stringify(x), 'expected a string or a mapping', sp(i));
    const ip = scalar(x['host_ip']);
    const pub = scalar(x['published']);
    const proto = scalar(x['protocol']);
    o.publish(`${ip ? `${ip.includes(':') ? `[${ip}]` : ip}:` : ''}${pub !== null ? `${pub}:` : ip ? ':' : ''}${scalar(x['target']) ?? ''}${proto ? `/${proto}` : ''}`, sp(i));
  });
}

function readDeploy(v: unknown, o: DockerOptions, sp: (...p: (string | number)[]) => Span): void {
  if (!isObj(v)) return;
  for (const key of Object.keys(v)) {
    if (key !== 'resources') { o.leftToTeam(`deploy.${key}`, sp(key)); continue; }
    const r = v[key];
    if (!isObj(r)) continue;
    for (const part of Object.keys(r)) {
      const x = r[part];
      if (!isObj(x) || (part !== 'limits' && part !== 'reservations')) { o.notCarried(`deploy.resources.${part}`, 'the language has no statement for it', sp(key, part)); continue; }
      for (const [k, val] of Object.entries(x)) {
        const t = scalar(val) ?? '';
        const s = sp(key, part, k);
        if (part === 'limits' && k === 'memory') o.memory('memory', t, s);
        else if (part === 'limits' && k === 'cpus') o.cpus(t, s);
        else if (part === 'limits' && k === 'pids') o.pids(t, s);
        else if (part === 'reservations' && k === 'memory') o.memory('memoryReservation', t, s);
        else o.notCarried(`deploy.resources.${part}.${k}`, 'the language limits memory, CPU time and processes, and reserves memory', s);
      }
    }
  }
}
