/**
 * The Compose emitter: `compose.yaml`, one service named after the workload, plus the named volumes
 * and networks it uses. The document is built as a plain object in a fixed key order
 * and written by js-yaml's `dump`, never by concatenating YAML text.
 *
 * The file must load in both docker-compose 1.29 (Python, YAML 1.1) and Compose v2 (Go, the Compose
 * Specification), which decides several shapes:
 * - every string value is double-quoted (`forceQuotes`), so a YAML 1.1 reader cannot take `101:101`
 *   for a base-60 number or `on` for a boolean; js-yaml also quotes keys that would be misread;
 * - every `$` is doubled: both implementations interpolate `$VAR` in values, and `$$` is a literal `$`;
 * - resource limits use the service-level keys (`mem_limit`, `cpus`, `pids_limit`, …), which both
 *   honour, rather than `deploy.resources`, which 1.29 ignores without `--compatibility`;
 * - ports use the short string syntax, because 1.29's long syntax has no `host_ip`;
 * - the seccomp profile is `./NAME.seccomp.json`: Compose v2 resolves it against the project folder,
 *   docker-compose 1.29 against its working directory, so 1.29 must be run from this folder.
 */
import yaml from 'js-yaml';
import type { DataMount, PolicyIR } from '../compiler/ir.js';
import type { Artifact } from './artifact.js';
import { usernsComment } from './userns-comment.js';
import { dockerLabelOptions, relabelFlag } from './selinux-label.js';
import {
  CAPABILITY_RE,
  ENV_NAME_RE,
  NAME_RE,
  SYSCTL_NAME_RE,
  ULIMIT_NAME_RE,
  VOLUME_RE,
  commentText,
  compareStrings,
  cpusText,
  dockerPortSpec,
  dockerTmpfsSpec,
  expectInteger,
  expectPlainPath,
  expectShape,
  internalError,
} from './quote.js';

const EMITTER = 'compose';
/** Docker's CFS period in microseconds when it turns --cpus into a quota (100 ms). */
const CFS_PERIOD_US = 100_000;

/** A YAML value as this emitter builds it (objects keep insertion order, which is the output order). */
type Yaml = string | number | boolean | readonly Yaml[] | { readonly [key: string]: Yaml };

/**
 * Doubles every `$` in string values (not keys), so Compose's interpolation reads them back as
 * written. A js-yaml replacer sees every value of a mapping or sequence, and never a key.
 */
const escapeDollars = (_key: string, v: unknown): unknown => (typeof v === 'string' ? v.replace(/\$/g, '$$$$') : v);

function volume(m: DataMount): Yaml {
  const target = expectPlainPath(EMITTER, 'mount target', m.target);
  // A relabelled mount uses the short syntax `SRC:DST:MODE,z|Z`: docker-compose 1.29's schema has no
  // long-syntax `bind.selinux` (the Compose Specification added it later), and a named volume has no
  // SELinux key at all. The checks keep `:` and `,` out of mount paths.
  if (m.relabel) {
    const source = m.kind === 'volume' ? expectShape(EMITTER, 'volume name', m.source, VOLUME_RE) : expectPlainPath(EMITTER, 'bind source', m.source);
    if (/[:,]/.test(source) || /[:,]/.test(target)) internalError(EMITTER, `mount ${JSON.stringify(source)} -> ${JSON.stringify(target)} holds \`:\` or \`,\``);
    return `${source}:${target}:${m.readonly ? 'ro' : 'rw'},${relabelFlag(m.relabel)}`;
  }
  if (m.kind === 'volume') return { type: 'volume', source: expectShape(EMITTER, 'volume name', m.source, VOLUME_RE), target, read_only: m.readonly };
  if (m.kind === 'bind') return { type: 'bind', source: expectPlainPath(EMITTER, 'bind source', m.source), target, read_only: m.readonly };
  return internalError(EMITTER, `unknown mount kind ${JSON.stringify((m as DataMount).kind)}`);
}

function service(ir: PolicyIR): Record<string, Yaml> {
  const s: Record<string, Yaml> = {};
  s.image = ir.image;
  // As for `docker run`: only a runtime the policy names, so the daemon's default applies otherwise.
  if (ir.runtime.name !== null) s.runtime = expectShape(EMITTER, 'runtime', ir.runtime.name, NAME_RE);
  // `[]` clears the image's entrypoint in Compose v2; docker-compose 1.29 ignores an empty list.
  if (ir.entrypoint !== null) s.entrypoint = [...ir.entrypoint];
  if (ir.command !== null) s.command = [...ir.command];
  if (ir.workdir !== null) s.working_dir = expectPlainPath(EMITTER, 'working directory', ir.workdir);
  if (ir.env.length > 0) {
    const env: Record<string, Yaml> = {};
    for (const e of [...ir.env].sort((a, b) => compareStrings(a.name, b.name))) env[expectShape(EMITTER, 'environment name', e.name, ENV_NAME_RE)] = e.value;
    s.environment = env;
  }
  if (ir.hostname !== null) s.hostname = ir.hostname;
  const u = ir.user;
  s.user = `${expectInteger(EMITTER, 'uid', u.uid, 0)}:${expectInteger(EMITTER, 'gid', u.gid, 0)}`;
  // Strings, not numbers: the Engine API takes GroupAdd as a list of strings.
  if (u.additionalGids.length > 0) s.group_add = [...u.additionalGids].sort((a, b) => a - b).map((g) => String(expectInteger(EMITTER, 'additional gid', g, 0)));
  s.read_only = ir.filesystem.rootReadonly;
  if (ir.filesystem.tmpfs.length > 0) s.tmpfs = ir.filesystem.tmpfs.map((t) => dockerTmpfsSpec(EMITTER, t));
  if (ir.filesystem.mounts.length > 0) s.volumes = ir.filesystem.mounts.map(volume);
  if (ir.network.ports.length > 0) s.ports = ir.network.ports.map((p) => dockerPortSpec(EMITTER, p));
  s.cap_drop = ['ALL'];
  const caps = [...new Set(ir.capabilities.map((c) => expectShape(EMITTER, 'capability', c, CAPABILITY_RE)))].sort(compareStrings);
  if (caps.length > 0) s.cap_add = caps;
  // The order of docker-run.txt, so that `docker inspect` shows the same SecurityOpt list for both.
  s.security_opt = [
    `seccomp=./${ir.name}.seccomp.json`,
    `apparmor=${expectShape(EMITTER, 'AppArmor profile name', ir.apparmor.profileName, NAME_RE)}`,
    ...dockerLabelOptions(EMITTER, ir),
    `no-new-privileges:${ir.noNewPrivileges}`,
  ];
  // Every limit is written; a null in the IR (the policy said "unlimited") becomes Docker's own
  // "no limit" value: 0 for memory, reservation, cpus and shares, -1 for swap and pids.
  const l = ir.limits;
  s.mem_limit = expectInteger(EMITTER, 'memory', l.memoryBytes ?? 0, 0);
  s.memswap_limit = expectInteger(EMITTER, 'memory+swap', l.memorySwapBytes ?? -1, -1);
  s.mem_reservation = expectInteger(EMITTER, 'memory reservation', l.memoryReservationBytes ?? 0, 0);
  // docker-compose 1.29 refuses `cpus` unless cpus × 1e9 is a whole number in binary floating point
  // (1.001 is not), and Compose v2 truncates the same product; there the exact equivalent is written:
  // the CFS quota per 100 ms period that Docker itself derives from --cpus.
  const milliCpus = expectInteger(EMITTER, 'milli-CPUs', l.milliCpus ?? 0, 0);
  const cpus = Number(cpusText(milliCpus));
  if (Number.isInteger(cpus * 1e9)) s.cpus = cpus;
  else {
    s.cpu_period = CFS_PERIOD_US;
    s.cpu_quota = milliCpus * (CFS_PERIOD_US / 1000);
  }
  s.cpu_shares = expectInteger(EMITTER, 'CPU shares', l.cpuShares ?? 0, 0);
  s.pids_limit = expectInteger(EMITTER, 'pids', l.pids ?? -1, -1);
  if (l.ulimits.length > 0) {
    const ulimits: Record<string, Yaml> = {};
    for (const x of [...l.ulimits].sort((a, b) => compareStrings(a.name, b.name)))
      ulimits[expectShape(EMITTER, 'ulimit', x.name, ULIMIT_NAME_RE)] = { soft: expectInteger(EMITTER, 'ulimit soft', x.soft, -1), hard: expectInteger(EMITTER, 'ulimit hard', x.hard, -1) };
    s.ulimits = ulimits;
  }
  if (ir.sysctls.length > 0) {
    const sysctls: Record<string, Yaml> = {};
    for (const x of [...ir.sysctls].sort((a, b) => compareStrings(a.name, b.name))) sysctls[expectShape(EMITTER, 'sysctl', x.name, SYSCTL_NAME_RE)] = x.value;
    s.sysctls = sysctls;
  }
  const mode = ir.network.mode;
  if (mode.kind === 'none' || mode.kind === 'host') s.network_mode = mode.kind;
  // Bridge: Compose's own per-project bridge ("default"), which keeps the service off docker0 and
  // away from every other container there. A named network is joined, never created (see below).
  else if (mode.kind === 'bridge') s.networks = ['default'];
  else if (mode.kind === 'networks') s.networks = mode.networks.map((n) => expectShape(EMITTER, 'network name', n.name, NAME_RE));
  else s.networks = [expectShape(EMITTER, 'network name', mode.name, NAME_RE)];
  s.ipc = ir.namespaces.ipc;
  // Docker has no word for a private PID namespace (it is the default); only "host" is written.
  if (ir.namespaces.pid === 'host') s.pid = 'host';
  return s;
}

/** Emits `compose.yaml`: one Compose service for the workload, loadable by docker-compose 1.29 and Compose v2. */
export function emitCompose(ir: PolicyIR): Artifact[] {
  const name = expectShape(EMITTER, 'workload name', ir.name, NAME_RE);
  const doc: Record<string, Yaml> = { services: { [name]: service(ir) } };
  const volumes = [...new Set(ir.filesystem.mounts.filter((m) => m.kind === 'volume').map((m) => m.source))].sort(compareStrings);
  // `name:` keeps Compose from prefixing the project name, so Compose and `docker run` share the volume.
  if (volumes.length > 0) doc.volumes = Object.fromEntries(volumes.map((v) => [v, { name: v }]));
  // The policy joins a network it does not describe (driver, subnet): it must exist, as for `docker run`.
  if (ir.network.mode.kind === 'named') doc.networks = { [ir.network.mode.name]: { external: true } };
  // Networks the policy joins, it describes: Compose creates each (or reuses one that `docker network
  // create` made, when `internal` agrees), under its own name (`name:`, not PROJECT_NAME), so Compose
  // and `docker run` mean the same network. `internal: true` is Docker's `--internal`.
  if (ir.network.mode.kind === 'networks')
    doc.networks = Object.fromEntries(ir.network.mode.networks.map((n) => [expectShape(EMITTER, 'network name', n.name, NAME_RE), n.internal ? ({ name: n.name, internal: true } as Yaml) : ({ name: n.name } as Yaml)]));
  const header = `# Compose service for the workload "${name}", generated by secpol from "${commentText(ir.sourceFile)}". Do not edit.\n${usernsComment(EMITTER, ir)}`;
  const body = yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: false, forceQuotes: true, quotingType: '"', replacer: escapeDollars });
  return [{ path: 'compose.yaml', content: header + body }];
}
