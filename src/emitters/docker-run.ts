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
import type { PolicyIR } from '../compiler/ir.js';
import type { Artifact, EmitOptions } from './artifact.js';
import { dockerSettings, type DockerMount, type DockerSettings } from './docker-settings.js';
import { usernsComment } from './userns-comment.js';
import { cpusText, csvField, shellWord } from './quote.js';

const EMITTER = 'docker-run';

/** `--mount` value: `type=volume|bind,src=…,dst=…[,readonly]`, each field quoted as CSV where needed. */
function mountFlag(m: DockerMount): [string, string] {
  // `-v SRC:DST:MODE` for a mount Docker must relabel; unlike `--mount`, `-v` creates a missing bind source.
  if (m.form === 'relabelled') return ['-v', m.spec];
  const fields = [`type=${m.type}`, `src=${m.source}`, `dst=${m.target}`];
  if (m.readonly) fields.push('readonly');
  return ['--mount', fields.map(csvField).join(',')];
}

/** The `docker run` argv for the workload, starting with `docker`. */
export function dockerRunArgv(ir: PolicyIR, options: EmitOptions = {}): string[] {
  return argvOf(dockerSettings(EMITTER, ir, options));
}

function argvOf(d: DockerSettings): string[] {
  const l = d.limits;
  const argv: string[] = ['docker', 'run', '--name', d.name];
  const flag = (f: string, v: string): void => void argv.push(f, v);
  if (d.runtime !== null) flag('--runtime', d.runtime);
  for (const o of d.securityOpt(d.seccompFile)) flag('--security-opt', o);
  flag('--cap-drop', 'ALL');
  for (const c of d.capAdd) flag('--cap-add', c);
  argv.push(d.readonlyRoot ? '--read-only' : '--read-only=false');
  for (const t of d.tmpfs) flag('--tmpfs', t);
  for (const m of d.mounts) argv.push(...mountFlag(m));
  for (const p of d.ports) flag('-p', p);
  flag('--user', d.user);
  for (const g of d.groupAdd) flag('--group-add', g);
  if (d.workdir !== null) flag('--workdir', d.workdir);
  for (const [name, value] of d.env) flag('--env', `${name}=${value}`);
  if (d.hostname !== null) flag('--hostname', d.hostname);
  // The limits, bytes exactly; a zero (Docker's own "none") is not written, swap and pids always are (docker-settings.ts).
  if (l.memory !== null) flag('--memory', String(l.memory));
  flag('--memory-swap', String(l.memorySwap));
  if (l.memoryReservation !== null) flag('--memory-reservation', String(l.memoryReservation));
  if (l.milliCpus !== null) flag('--cpus', cpusText(l.milliCpus));
  if (l.cpuShares !== null) flag('--cpu-shares', String(l.cpuShares));
  flag('--pids-limit', String(l.pids));
  for (const u of l.ulimits) flag('--ulimit', `${u.name}=${u.soft}:${u.hard}`);
  // `docker run` attaches to one network (Docker 20.10 refuses a second --network); the comment
  // above the line connects the others (networkComment).
  const n = d.network;
  flag('--network', n.kind === 'networks' ? n.primary : n.kind === 'named' ? n.name : n.kind);
  flag('--ipc', d.ipc);
  // Docker accepts only "host" (or container:ID) for --pid and --uts: private is the default and has no word.
  if (d.pidHost) flag('--pid', 'host');
  if (d.utsHost) flag('--uts', 'host');
  flag('--cgroupns', d.cgroupns);
  for (const [name, value] of d.sysctls) flag('--sysctl', `${name}=${value}`);
  // --entrypoint takes one word; the rest of the entrypoint goes after the image, before the command
  // (Docker runs Entrypoint followed by Cmd). An empty entrypoint is `--entrypoint ''`, which clears the image's.
  if (d.entrypoint !== null) flag('--entrypoint', d.entrypoint[0] ?? '');
  argv.push(d.image);
  if (d.entrypoint !== null) argv.push(...d.entrypoint.slice(1));
  if (d.command !== null) argv.push(...d.command);
  return argv;
}

/**
 * The comment lines that set up the networks a workload joins, or ''. `docker run` creates no
 * network, and a network made by the run line itself would make the line fail on its second run,
 * so the commands are comments, one per line, for the user (or a deployment script) to run: each
 * `docker network create` once before the first run, and `docker network connect` for every network
 * after the first once the container exists. Names are plain words (NAME_RE), safe in a shell line.
 */
function networkComment(d: DockerSettings): string {
  const n = d.network;
  if (n.kind !== 'networks') return '';
  const lines = ['# Before the first run, create the networks this workload joins (Compose creates them itself):'];
  for (const x of n.networks) lines.push(`#   docker network create ${x.internal ? '--internal ' : ''}${x.name}`);
  if (n.networks.length > 1) {
    lines.push(`# docker run joins ${n.primary}; after the run, connect the container to the others:`);
    for (const x of n.networks) if (x.name !== n.primary) lines.push(`#   docker network connect ${x.name} ${d.name}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * Emits `docker-run.txt` (one POSIX shell line, after comment lines when the policy has a user
 * namespace, which Docker cannot express per container, or joins networks, which must exist first)
 * and `docker-run.json` (the argv as a JSON array).
 */
export function emitDockerRun(ir: PolicyIR, options: EmitOptions = {}): Artifact[] {
  const d = dockerSettings(EMITTER, ir, options);
  const argv = argvOf(d);
  return [
    { path: 'docker-run.txt', content: `${usernsComment(EMITTER, ir)}${networkComment(d)}${argv.map((a) => shellWord(EMITTER, a)).join(' ')}\n` },
    { path: 'docker-run.json', content: `${JSON.stringify(argv, null, 2)}\n` },
  ];
}
