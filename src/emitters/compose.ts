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
 * - the seccomp profile is `./NAME.seccomp.json`, relative to this file's folder: Compose v2 reads it
 *   against the project directory (the folder of the first `-f` file), docker-compose 1.29 against its
 *   own working directory (compose/config/types.py `SecurityOpt.parse` opens the path as given), so
 *   1.29 must be run from this folder. No relative path serves 1.29 from anywhere else, and an
 *   absolute one would tie the artifact to one machine; docs/mapping.md says what to run.
 *
 * `composeService`, `composeDeclarations` and `composeText` are shared with compose-stack.ts, which
 * writes many workloads' services into one file: a service reads the same in both.
 */
import yaml from 'js-yaml';
import type { PolicyIR } from '../compiler/ir.js';
import type { Artifact, EmitOptions } from './artifact.js';
import { dockerSettings, type DockerMount, type DockerSettings } from './docker-settings.js';
import { usernsComment } from './userns-comment.js';
import { commentText, compareStrings, cpusText } from './quote.js';

const EMITTER = 'compose';
/** Docker's CFS period in microseconds when it turns --cpus into a quota (100 ms). */
const CFS_PERIOD_US = 100_000;

/** A YAML value as this emitter builds it (objects keep insertion order, which is the output order). */
export type Yaml = string | number | boolean | readonly Yaml[] | { readonly [key: string]: Yaml };

/**
 * Doubles every `$` in string values (not keys), so Compose's interpolation reads them back as
 * written. A js-yaml replacer sees every value of a mapping or sequence, and never a key.
 */
const escapeDollars = (_key: string, v: unknown): unknown => (typeof v === 'string' ? v.replace(/\$/g, '$$$$') : v);

/**
 * A relabelled mount uses the short syntax `SRC:DST:MODE,z|Z`: docker-compose 1.29's schema has no
 * long-syntax `bind.selinux` (the Compose Specification added it later), and a named volume has no
 * SELinux key at all.
 */
const volume = (m: DockerMount): Yaml => (m.form === 'relabelled' ? m.spec : { type: m.type, source: m.source, target: m.target, read_only: m.readonly });

/**
 * The Compose service of one workload; `seccompPath` is the profile's path as the file that holds
 * the service names it (relative to that file's folder).
 */
export function composeService(d: DockerSettings, seccompPath: string): Record<string, Yaml> {
  const s: Record<string, Yaml> = {};
  s.image = d.image;
  if (d.runtime !== null) s.runtime = d.runtime;
  // `[]` clears the image's entrypoint in Compose v2; docker-compose 1.29 ignores an empty list.
  if (d.entrypoint !== null) s.entrypoint = [...d.entrypoint];
  if (d.command !== null) s.command = [...d.command];
  if (d.workdir !== null) s.working_dir = d.workdir;
  if (d.env.length > 0) s.environment = Object.fromEntries(d.env);
  if (d.hostname !== null) s.hostname = d.hostname;
  s.user = d.user;
  if (d.groupAdd.length > 0) s.group_add = [...d.groupAdd];
  s.read_only = d.readonlyRoot;
  if (d.tmpfs.length > 0) s.tmpfs = [...d.tmpfs];
  if (d.mounts.length > 0) s.volumes = d.mounts.map(volume);
  if (d.ports.length > 0) s.ports = [...d.ports];
  s.cap_drop = ['ALL'];
  if (d.capAdd.length > 0) s.cap_add = [...d.capAdd];
  // The list and order of docker-run.txt, so that `docker inspect` shows the same SecurityOpt for both.
  s.security_opt = d.securityOpt(seccompPath);
  // The limits; a zero (Docker's own "none") is not written, swap and pids always are (docker-settings.ts).
  const l = d.limits;
  if (l.memory !== null) s.mem_limit = l.memory;
  s.memswap_limit = l.memorySwap;
  if (l.memoryReservation !== null) s.mem_reservation = l.memoryReservation;
  // docker-compose 1.29 refuses `cpus` unless cpus × 1e9 is a whole number in binary floating point
  // (1.001 is not), and Compose v2 truncates the same product; there the exact equivalent is written:
  // the CFS quota per 100 ms period that Docker itself derives from --cpus.
  if (l.milliCpus !== null) {
    const cpus = Number(cpusText(l.milliCpus));
    if (Number.isInteger(cpus * 1e9)) s.cpus = cpus;
    else {
      s.cpu_period = CFS_PERIOD_US;
      s.cpu_quota = l.milliCpus * (CFS_PERIOD_US / 1000);
    }
  }
  if (l.cpuShares !== null) s.cpu_shares = l.cpuShares;
  s.pids_limit = l.pids;
  if (l.ulimits.length > 0) s.ulimits = Object.fromEntries(l.ulimits.map((u) => [u.name, { soft: u.soft, hard: u.hard }]));
  if (d.sysctls.length > 0) s.sysctls = Object.fromEntries(d.sysctls);
  const n = d.network;
  if (n.kind === 'none' || n.kind === 'host') s.network_mode = n.kind;
  // Bridge: Compose's own per-project bridge ("default"), which keeps the service off docker0 and
  // away from every other container there. A named network is joined, never created (see below).
  else if (n.kind === 'bridge') s.networks = ['default'];
  else if (n.kind === 'networks') s.networks = n.networks.map((x) => x.name);
  else s.networks = [n.name];
  s.ipc = d.ipc;
  // Docker has no word for a private PID namespace (it is the default); only "host" is written.
  if (d.pidHost) s.pid = 'host';
  return s;
}

/** A top-level `volumes:` or `networks:` entry, by name. */
export type Declarations = { readonly volumes: readonly (readonly [string, Yaml])[]; readonly networks: readonly (readonly [string, Yaml])[] };

/** The top-level volumes and networks one workload's service uses, sorted by name. */
export function composeDeclarations(ir: PolicyIR, d: DockerSettings): Declarations {
  // Named volumes, relabelled or not (their names checked in dockerSettings).
  const volumes = [...new Set(ir.filesystem.mounts.filter((m) => m.kind === 'volume').map((m) => m.source))].sort(compareStrings);
  const n = d.network;
  return {
    // `name:` keeps Compose from prefixing the project name, so Compose and `docker run` share the volume.
    volumes: volumes.map((v) => [v, { name: v }] as const),
    networks:
      // The policy joins a network it does not describe (driver, subnet): it must exist, as for `docker run`.
      n.kind === 'named'
        ? [[n.name, { external: true }] as const]
        : // Networks the policy joins, it describes: Compose creates each (or reuses one that `docker network
          // create` made, when `internal` agrees), under its own name (`name:`, not PROJECT_NAME), so Compose
          // and `docker run` mean the same network. `internal: true` is Docker's `--internal`.
          n.kind === 'networks'
          ? n.networks.map((x) => [x.name, x.internal ? ({ name: x.name, internal: true } as Yaml) : ({ name: x.name } as Yaml)] as const)
          : [],
  };
}

/** A Compose document as text: the header comment lines, then the YAML every Compose file of secpol is written in. */
export function composeText(header: string, doc: Record<string, Yaml>): string {
  return header + yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: false, forceQuotes: true, quotingType: '"', replacer: escapeDollars });
}

/** Emits `compose.yaml`: one Compose service for the workload, loadable by docker-compose 1.29 and Compose v2. */
export function emitCompose(ir: PolicyIR, options: EmitOptions = {}): Artifact[] {
  const d = dockerSettings(EMITTER, ir, options);
  const name = d.name;
  const doc: Record<string, Yaml> = { services: { [name]: composeService(d, `./${d.seccompFile}`) } };
  const { volumes, networks } = composeDeclarations(ir, d);
  if (volumes.length > 0) doc.volumes = Object.fromEntries(volumes);
  if (networks.length > 0) doc.networks = Object.fromEntries(networks);
  const header = `# Compose service for the workload "${name}", generated by secpol from "${commentText(ir.sourceFile)}". Do not edit.\n${usernsComment(EMITTER, ir)}`;
  return [{ path: 'compose.yaml', content: composeText(header, doc) }];
}
