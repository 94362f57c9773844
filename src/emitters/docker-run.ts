/**
 * The docker-run emitter: one `docker run` command, as `docker-run.json` (the argv, exactly) and
 * `docker-run.txt` (the same argv quoted for a POSIX shell, on one line).
 *
 * Flags come in a fixed order and every setting is written, even where it equals Docker's default,
 * so the command says everything the policy decided. Paths reach Docker only as data: mounts use
 * `--mount` (a CSV record whose fields are quoted as CSV) rather than `-v`, whose `:`-separated
 * form cannot carry a `:` in a path; a tmpfs target holding `:` is refused.
 *
 * The seccomp profile is named relatively (`NAME.seccomp.json`): the Docker CLI reads it from its
 * working directory and sends its contents to the daemon, so the line is run from the artifact folder.
 */
import type { DataMount, JoinedNetwork, PolicyIR } from '../compiler/ir.js';
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
  compareStrings,
  cpusText,
  csvField,
  dockerPortSpec,
  dockerTmpfsSpec,
  expectInteger,
  expectPlainPath,
  expectShape,
  hasControl,
  internalError,
  shellWord,
} from './quote.js';

const EMITTER = 'docker-run';

/** `--mount` value: `type=volume|bind,src=…,dst=…[,readonly]`, each field quoted as CSV where needed. */
function mountSpec(m: DataMount): string {
  const dst = expectPlainPath(EMITTER, 'mount target', m.target);
  let src: string;
  if (m.kind === 'volume') src = expectShape(EMITTER, 'volume name', m.source, VOLUME_RE);
  else if (m.kind === 'bind') src = expectPlainPath(EMITTER, 'bind source', m.source);
  else return internalError(EMITTER, `unknown mount kind ${JSON.stringify((m as DataMount).kind)}`);
  const fields = [`type=${m.kind}`, `src=${src}`, `dst=${dst}`];
  if (m.readonly) fields.push('readonly');
  return fields.map(csvField).join(',');
}

/**
 * `-v SRC:DST:MODE` for a mount Docker must relabel: `--mount` has no SELinux option in Docker 20.10,
 * so only the `-v` form can say `z`/`Z`. The checks keep `:` and `,` out of mount paths, which is
 * what makes this colon-separated form safe; unlike `--mount`, `-v` creates a missing bind source.
 */
function relabelledVolumeSpec(m: DataMount & { relabel: 'shared' | 'private' }): string {
  const dst = expectPlainPath(EMITTER, 'mount target', m.target);
  const src = m.kind === 'volume' ? expectShape(EMITTER, 'volume name', m.source, VOLUME_RE) : expectPlainPath(EMITTER, 'bind source', m.source);
  if (/[:,]/.test(src) || /[:,]/.test(dst)) internalError(EMITTER, `mount ${JSON.stringify(src)} -> ${JSON.stringify(dst)} holds \`:\` or \`,\`, which -v cannot carry`);
  return `${src}:${dst}:${m.readonly ? 'ro' : 'rw'},${relabelFlag(m.relabel)}`;
}

/** The `docker run` argv for the workload, starting with `docker`. */
export function dockerRunArgv(ir: PolicyIR): string[] {
  const name = expectShape(EMITTER, 'workload name', ir.name, NAME_RE);
  // The image is the first word Docker does not read as a flag; a leading `-` would make it one.
  if (ir.image === '' || ir.image.startsWith('-') || hasControl(ir.image) || /\s/.test(ir.image)) internalError(EMITTER, `image ${JSON.stringify(ir.image)} is not an image reference`);
  const fs = ir.filesystem;
  const l = ir.limits;
  const ns = ir.namespaces;
  const argv: string[] = ['docker', 'run', '--name', name];
  const flag = (f: string, v: string): void => void argv.push(f, v);

  // Only when the policy names one: without it the daemon's configured default applies, which on a
  // host whose operator chose a sandbox (default-runtime runsc) must not be overridden by silence.
  if (ir.runtime.name !== null) flag('--runtime', expectShape(EMITTER, 'runtime', ir.runtime.name, NAME_RE));

  flag('--security-opt', `seccomp=${name}.seccomp.json`);
  flag('--security-opt', `apparmor=${expectShape(EMITTER, 'AppArmor profile name', ir.apparmor.profileName, NAME_RE)}`);
  for (const label of dockerLabelOptions(EMITTER, ir)) flag('--security-opt', label);
  flag('--security-opt', `no-new-privileges:${ir.noNewPrivileges}`);
  flag('--cap-drop', 'ALL');
  for (const c of [...new Set(ir.capabilities)].sort(compareStrings)) flag('--cap-add', expectShape(EMITTER, 'capability', c, CAPABILITY_RE));
  argv.push(fs.rootReadonly ? '--read-only' : '--read-only=false');
  for (const t of fs.tmpfs) flag('--tmpfs', dockerTmpfsSpec(EMITTER, t));
  for (const m of fs.mounts) {
    if (m.relabel) flag('-v', relabelledVolumeSpec({ ...m, relabel: m.relabel }));
    else flag('--mount', mountSpec(m));
  }
  for (const p of ir.network.ports) flag('-p', dockerPortSpec(EMITTER, p));
  flag('--user', `${expectInteger(EMITTER, 'uid', ir.user.uid, 0)}:${expectInteger(EMITTER, 'gid', ir.user.gid, 0)}`);
  for (const g of [...ir.user.additionalGids].sort((a, b) => a - b)) flag('--group-add', String(expectInteger(EMITTER, 'additional gid', g, 0)));
  if (ir.workdir !== null) flag('--workdir', expectPlainPath(EMITTER, 'working directory', ir.workdir));
  // Docker splits `NAME=value` at the first `=`; the name shape has none, the value may have any.
  for (const e of [...ir.env].sort((a, b) => compareStrings(a.name, b.name))) flag('--env', `${expectShape(EMITTER, 'environment name', e.name, ENV_NAME_RE)}=${e.value}`);
  if (ir.hostname !== null) flag('--hostname', ir.hostname);
  // Bytes, exactly. A null in the IR (the policy said "unlimited") is Docker's own "no limit":
  // 0 for memory, reservation, cpus and shares, -1 for memory+swap (else swap defaults to 2× memory) and pids.
  flag('--memory', String(expectInteger(EMITTER, 'memory', l.memoryBytes ?? 0, 0)));
  flag('--memory-swap', String(expectInteger(EMITTER, 'memory+swap', l.memorySwapBytes ?? -1, -1)));
  flag('--memory-reservation', String(expectInteger(EMITTER, 'memory reservation', l.memoryReservationBytes ?? 0, 0)));
  flag('--cpus', cpusText(expectInteger(EMITTER, 'milli-CPUs', l.milliCpus ?? 0, 0)));
  flag('--cpu-shares', String(expectInteger(EMITTER, 'CPU shares', l.cpuShares ?? 0, 0)));
  flag('--pids-limit', String(expectInteger(EMITTER, 'pids', l.pids ?? -1, -1)));
  for (const u of [...l.ulimits].sort((a, b) => compareStrings(a.name, b.name)))
    flag('--ulimit', `${expectShape(EMITTER, 'ulimit', u.name, ULIMIT_NAME_RE)}=${expectInteger(EMITTER, 'ulimit soft', u.soft, -1)}:${expectInteger(EMITTER, 'ulimit hard', u.hard, -1)}`);
  const mode = ir.network.mode;
  // `docker run` attaches to one network (Docker 20.10 refuses a second --network); the comment
  // above the line connects the others (networkComment).
  if (mode.kind === 'networks') flag('--network', expectShape(EMITTER, 'network name', primaryNetwork(mode.networks).name, NAME_RE));
  else flag('--network', mode.kind === 'named' ? expectShape(EMITTER, 'network name', mode.name, NAME_RE) : mode.kind);
  flag('--ipc', ns.ipc);
  // Docker accepts only "host" (or container:ID) for --pid and --uts: private is the default and has no word.
  if (ns.pid === 'host') flag('--pid', 'host');
  if (ns.uts === 'host') flag('--uts', 'host');
  flag('--cgroupns', ns.cgroup);
  for (const s of [...ir.sysctls].sort((a, b) => compareStrings(a.name, b.name))) flag('--sysctl', `${expectShape(EMITTER, 'sysctl', s.name, SYSCTL_NAME_RE)}=${s.value}`);

  // --entrypoint takes one word; the rest of the entrypoint goes after the image, before the command
  // (Docker runs Entrypoint followed by Cmd). An empty entrypoint is `--entrypoint ''`, which clears the image's.
  if (ir.entrypoint !== null) flag('--entrypoint', ir.entrypoint[0] ?? '');
  argv.push(ir.image);
  if (ir.entrypoint !== null) argv.push(...ir.entrypoint.slice(1));
  if (ir.command !== null) argv.push(...ir.command);
  return argv;
}

/**
 * The network `docker run --network` names: the first by name that is not internal, so the container
 * starts with its default route and published ports (Docker publishes through a network with a
 * gateway), or the first by name when all are internal.
 */
function primaryNetwork(networks: readonly JoinedNetwork[]): JoinedNetwork {
  return networks.find((n) => !n.internal) ?? networks[0] ?? internalError(EMITTER, 'a workload joins an empty list of networks');
}

/**
 * The comment lines that set up the networks a workload joins, or ''. `docker run` creates no
 * network, and a network made by the run line itself would make the line fail on its second run,
 * so the commands are comments, one per line, for the user (or a deployment script) to run: each
 * `docker network create` once before the first run, and `docker network connect` for every network
 * after the first once the container exists. Names are plain words (NAME_RE), safe in a shell line.
 */
function networkComment(ir: PolicyIR): string {
  const mode = ir.network.mode;
  if (mode.kind !== 'networks') return '';
  const name = expectShape(EMITTER, 'workload name', ir.name, NAME_RE);
  const primary = primaryNetwork(mode.networks);
  const nets = mode.networks.map((n) => ({ name: expectShape(EMITTER, 'network name', n.name, NAME_RE), internal: n.internal }));
  const lines = ['# Before the first run, create the networks this workload joins (Compose creates them itself):'];
  for (const n of nets) lines.push(`#   docker network create ${n.internal ? '--internal ' : ''}${n.name}`);
  if (nets.length > 1) {
    lines.push(`# docker run joins ${primary.name}; after the run, connect the container to the others:`);
    for (const n of nets) if (n.name !== primary.name) lines.push(`#   docker network connect ${n.name} ${name}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * Emits `docker-run.txt` (one POSIX shell line, after comment lines when the policy has a user
 * namespace, which Docker cannot express per container, or joins networks, which must exist first)
 * and `docker-run.json` (the argv as a JSON array).
 */
export function emitDockerRun(ir: PolicyIR): Artifact[] {
  const argv = dockerRunArgv(ir);
  return [
    { path: 'docker-run.txt', content: `${usernsComment(EMITTER, ir)}${networkComment(ir)}${argv.map((a) => shellWord(EMITTER, a)).join(' ')}\n` },
    { path: 'docker-run.json', content: `${JSON.stringify(argv, null, 2)}\n` },
  ];
}
