/**
 * The options of `docker run` (docker/cli `cli/command/container/opts.go` and `run.go`): whether each
 * takes a value, and what the import does with it. A fact kept once: the reader reads this table.
 */

/** What the import does with an option. */
export type FlagUse =
  /** A security setting the reader carries into the policy (handled by name in read-docker-run.ts). */
  | 'carried'
  /** A setting the language cannot say: reported (W0802). */
  | 'not-carried'
  /** Not a security setting: reported as left to the team's file (W0803). */
  | 'team';

/** One option: its long name, its short letter, whether it takes a value, and its use. */
export interface DockerFlag {
  readonly name: string;
  readonly short?: string;
  readonly value: boolean;
  readonly use: FlagUse;
  /** Why it is not carried, for `not-carried`. */
  readonly why?: string;
}

const carried = (name: string, value: boolean, short?: string): DockerFlag => ({ name, value, use: 'carried', ...(short ? { short } : {}) });
const team = (name: string, value: boolean, short?: string): DockerFlag => ({ name, value, use: 'team', ...(short ? { short } : {}) });
const notCarried = (name: string, value: boolean, why: string, short?: string): DockerFlag => ({ name, value, use: 'not-carried', why, ...(short ? { short } : {}) });

const DEVICES = 'the language has no statement for host devices; the workload gets Docker\'s default /dev';
const CPUSET = 'the language limits CPU time (`cpus`, `cpu-shares`), not which CPUs or memory nodes';
const IO = 'the language has no block-I/O limits';
const OOM = 'the OOM knobs are refused by the language (E0603): the memory limit keeps the OOM killer inside the workload';

/** Every option of `docker run`, by long name. */
export const DOCKER_RUN_FLAGS: readonly DockerFlag[] = [
  // Carried: the settings a policy states.
  carried('cap-add', true), carried('cap-drop', true), carried('privileged', false), carried('security-opt', true),
  carried('read-only', false), carried('tmpfs', true), carried('volume', true, 'v'), carried('mount', true),
  carried('publish', true, 'p'), carried('network', true), carried('net', true), carried('pid', true), carried('ipc', true),
  carried('uts', true), carried('userns', true), carried('cgroupns', true), carried('user', true, 'u'),
  carried('group-add', true), carried('memory', true, 'm'), carried('memory-swap', true), carried('memory-reservation', true),
  carried('cpus', true), carried('cpu-shares', true, 'c'), carried('pids-limit', true), carried('ulimit', true),
  carried('sysctl', true), carried('runtime', true), carried('hostname', true, 'h'), carried('workdir', true, 'w'),
  carried('env', true, 'e'), carried('entrypoint', true), carried('name', true), carried('shm-size', true),
  // Not carried: the language has no statement for them.
  notCarried('device', true, DEVICES), notCarried('device-cgroup-rule', true, DEVICES), notCarried('gpus', true, DEVICES),
  notCarried('cpuset-cpus', true, CPUSET), notCarried('cpuset-mems', true, CPUSET), notCarried('cpu-period', true, 'the language sets CPU time with `cpus`'),
  notCarried('cpu-quota', true, 'the language sets CPU time with `cpus`'), notCarried('cpu-rt-period', true, CPUSET), notCarried('cpu-rt-runtime', true, CPUSET),
  notCarried('blkio-weight', true, IO), notCarried('blkio-weight-device', true, IO), notCarried('device-read-bps', true, IO),
  notCarried('device-write-bps', true, IO), notCarried('device-read-iops', true, IO), notCarried('device-write-iops', true, IO),
  notCarried('kernel-memory', true, 'kernel memory limits are gone from cgroup v2 and the language'), notCarried('memory-swappiness', true, 'the language has no swappiness setting'),
  notCarried('oom-kill-disable', false, OOM), notCarried('oom-score-adj', true, OOM),
  notCarried('env-file', true, 'the import does not read other files; write each variable with `env NAME = "VALUE"`'),
  notCarried('publish-all', false, 'the ports the image exposes are not known to the import; publish each with `publish`', 'P'),
  notCarried('init', false, 'the language has no init process setting; the image\'s entrypoint is PID 1'),
  notCarried('isolation', true, 'Windows isolation has no meaning on Linux'), notCarried('cgroup-parent', true, 'the language leaves the cgroup parent to the engine'),
  notCarried('storage-opt', true, 'the language has no storage driver options'), notCarried('volumes-from', true, 'the language names each mount itself'),
  notCarried('volume-driver', true, 'the language leaves volume drivers to the engine'), notCarried('link', true, 'legacy links are not part of the language; join a network'),
  notCarried('ip', true, 'fixed addresses are left to the network'), notCarried('ip6', true, 'fixed addresses are left to the network'),
  notCarried('mac-address', true, 'fixed addresses are left to the network'), notCarried('network-alias', true, 'aliases are left to the network'),
  notCarried('link-local-ip', true, 'fixed addresses are left to the network'), notCarried('dns', true, 'DNS settings are left to the network'),
  notCarried('dns-search', true, 'DNS settings are left to the network'), notCarried('dns-option', true, 'DNS settings are left to the network'),
  notCarried('add-host', true, 'host entries are left to the network'), notCarried('domainname', true, 'the language sets the hostname only'),
  notCarried('expose', true, 'exposing a port grants nothing; `publish` does'), notCarried('userns-remap', true, 'user namespaces are mapped per daemon'),
  // Left to the team: how a container is operated, not what it may do.
  team('detach', false, 'd'), team('rm', false), team('interactive', false, 'i'), team('tty', false, 't'), team('restart', true),
  team('label', true, 'l'), team('label-file', true), team('log-driver', true), team('log-opt', true), team('health-cmd', true),
  team('health-interval', true), team('health-retries', true), team('health-timeout', true), team('health-start-period', true),
  team('health-start-interval', true), team('no-healthcheck', false), team('stop-signal', true), team('stop-timeout', true),
  team('platform', true), team('pull', true), team('attach', true, 'a'), team('detach-keys', true), team('sig-proxy', false),
  team('cidfile', true), team('quiet', false, 'q'), team('annotation', true), team('disable-content-trust', false),
];

const byName = new Map(DOCKER_RUN_FLAGS.map((f) => [f.name, f]));
const byShort = new Map(DOCKER_RUN_FLAGS.filter((f) => f.short).map((f) => [f.short!, f]));

/** The option called `--name`, or undefined. */
export const longFlag = (name: string): DockerFlag | undefined => byName.get(name);
/** The option called `-c`, or undefined. */
export const shortFlag = (letter: string): DockerFlag | undefined => byShort.get(letter);
/** Every long option's name, for "did you mean". */
export const LONG_FLAG_NAMES: readonly string[] = DOCKER_RUN_FLAGS.map((f) => `--${f.name}`);
