import { accessSync, appendFileSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { inject, test } from 'vitest';
import { PROBE_LOG_KEY } from './probe-count.js';
import { repoRoot } from './repo.js';
import { runSync } from './run.js';

/**
 * Which real engines the end-to-end tests need, whether this machine has them, and what a test
 * file does when one is missing: SKIP loudly on a developer machine, FAIL under CI=true.
 * `bash scripts/setup-engines.sh` (as root on Debian) installs and starts all of them.
 */

/** The engines an end-to-end test file can require. */
export type EngineName = 'docker' | 'compose' | 'runc' | 'podman' | 'apparmor_parser' | 'apparmor-vm';

/** The git-ignored state folder that scripts/setup-engines.sh fills. */
export const ENGINES_DIR = path.join(repoRoot, '.engines');

/**
 * The binaries the tests run. Pinned to Debian's packages rather than looked up on PATH: a newer
 * Docker CLI elsewhere on PATH would only negotiate down to dockerd 20.10's API, and a fresh CI
 * machine has exactly these. Each can be overridden with an environment variable.
 */
export const ENGINE_BIN = {
  docker: process.env.SECPOL_DOCKER ?? '/usr/bin/docker',
  dockerCompose: process.env.SECPOL_DOCKER_COMPOSE ?? '/usr/bin/docker-compose',
  runc: process.env.SECPOL_RUNC ?? '/usr/sbin/runc',
  podman: process.env.SECPOL_PODMAN ?? '/usr/bin/podman',
  apparmorParser: process.env.SECPOL_APPARMOR_PARSER ?? '/usr/sbin/apparmor_parser',
  qemu: process.env.SECPOL_QEMU ?? '/usr/bin/qemu-system-x86_64',
} as const;

/** The busybox image that scripts/setup-engines.sh makes with `docker import`. */
export const TEST_IMAGE = 'secpol-test/busybox:1';

/** Debian's redis-server and nginx-light (and the probe), built by scripts/setup-engines.sh with debootstrap. */
export const SERVERS_IMAGE = 'secpol-test/servers:1';

/** Files scripts/setup-engines.sh leaves in .engines/ for the harness. */
export const ENGINE_PATHS = {
  /** Busybox rootfs for runc bundles (`root.path`); share it read-only or copy it. */
  rootfs: path.join(ENGINES_DIR, 'rootfs'),
  /** The static probe on the host; /bin/secpol-probe inside the image, the rootfs and the VM. */
  probe: path.join(ENGINES_DIR, 'probe'),
  /** Podman's only configuration (CONTAINERS_CONF): ulimits this VM's hard limits allow, runc. */
  podmanConf: path.join(ENGINES_DIR, 'podman', 'containers.conf'),
  /** Symlink to the newest /boot/vmlinuz-*-cloud-amd64 (AppArmor built in). */
  vmKernel: path.join(ENGINES_DIR, 'apparmor-vm', 'vmlinuz'),
  /** busybox + apparmor_parser + /etc/apparmor.d, as a gzip'd newc cpio archive. */
  vmBaseInitrd: path.join(ENGINES_DIR, 'apparmor-vm', 'base.cpio.gz'),
} as const;

/**
 * The environment every podman command of the tests runs with: CONTAINERS_CONF makes podman read
 * .engines/podman/containers.conf and no other containers.conf (not /etc/containers' nor /usr/share's).
 */
export const PODMAN_ENV: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: ENGINE_PATHS.podmanConf };

/** kube play's pause process (package catatonit), where podman's helper_binaries_dir finds it. */
const CATATONIT = '/usr/libexec/podman/catatonit';

/** The probe's path inside the test image, the runc rootfs and the AppArmor VM. */
export const PROBE_IN_GUEST = '/bin/secpol-probe';

/** Whether one engine can be used here, and why not. */
export interface EngineStatus {
  readonly name: EngineName;
  readonly available: boolean;
  /** Versions when available; what is missing when not. */
  readonly detail: string;
}

/** What `requireEngine` hands a test file. */
export interface EngineRequirement extends EngineStatus {
  /** Pass to `describe.skipIf`: true whenever the engine is missing (see `requireEngine`). */
  readonly skip: boolean;
}

const SETUP_HINT = 'run `bash scripts/setup-engines.sh` as root to enable';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a short version-style command; returns its first output line or null when it failed. */
function answer(file: string, args: readonly string[], timeoutMs = 20_000, env?: NodeJS.ProcessEnv): string | null {
  if (!executable(file)) return null;
  const result = runSync(file, args, { timeoutMs, env });
  if (result.code !== 0) return null;
  return result.stdout.trim().split('\n')[0] ?? '';
}

function missing(name: EngineName, detail: string): EngineStatus {
  return { name, available: false, detail };
}

function checkDocker(): EngineStatus {
  if (!executable(ENGINE_BIN.docker)) return missing('docker', `no executable ${ENGINE_BIN.docker}`);
  const server = answer(ENGINE_BIN.docker, ['version', '--format', '{{.Server.Version}}']);
  if (server === null) return missing('docker', `dockerd does not answer ${ENGINE_BIN.docker}`);
  if (answer(ENGINE_BIN.docker, ['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE]) === null)
    return missing('docker', `test image ${TEST_IMAGE} is missing`);
  return { name: 'docker', available: true, detail: `dockerd ${server}` };
}

function checkCompose(): EngineStatus {
  const docker = engineStatus('docker');
  if (!docker.available) return missing('compose', `needs docker: ${docker.detail}`);
  const version = answer(ENGINE_BIN.dockerCompose, ['version', '--short']);
  if (version === null) return missing('compose', `no working ${ENGINE_BIN.dockerCompose}`);
  return { name: 'compose', available: true, detail: `docker-compose ${version}, ${docker.detail}` };
}

function checkRunc(): EngineStatus {
  if (process.getuid?.() !== 0) return missing('runc', 'runc bundles need root');
  const version = answer(ENGINE_BIN.runc, ['--version']);
  if (version === null) return missing('runc', `no working ${ENGINE_BIN.runc}`);
  if (!existsSync(path.join(ENGINE_PATHS.rootfs, PROBE_IN_GUEST)))
    return missing('runc', 'no busybox rootfs in .engines/rootfs');
  return { name: 'runc', available: true, detail: version };
}

function checkPodman(): EngineStatus {
  // The test image is in root's store (/var/lib/containers), which rootless podman does not see.
  if (process.getuid?.() !== 0) return missing('podman', 'kube play with the test image needs root');
  const version = answer(ENGINE_BIN.podman, ['version', '--format', '{{.Client.Version}}'], 20_000, PODMAN_ENV);
  if (version === null) return missing('podman', `no working ${ENGINE_BIN.podman}`);
  if (!existsSync(ENGINE_PATHS.podmanConf)) return missing('podman', `no ${path.relative(repoRoot, ENGINE_PATHS.podmanConf)}`);
  if (!existsSync(CATATONIT)) return missing('podman', `no ${CATATONIT} (package catatonit, the pause process of kube play)`);
  const runc = answer(ENGINE_BIN.runc, ['--version']);
  if (runc === null) return missing('podman', `kube play runs with runc: no working ${ENGINE_BIN.runc}`);
  if (answer(ENGINE_BIN.podman, ['image', 'exists', TEST_IMAGE], 20_000, PODMAN_ENV) === null)
    return missing('podman', `test image ${TEST_IMAGE} is not loaded in podman's store`);
  return { name: 'podman', available: true, detail: `podman ${version}, ${runc}` };
}

function checkApparmorParser(): EngineStatus {
  const version = answer(ENGINE_BIN.apparmorParser, ['--version']);
  if (version === null) return missing('apparmor_parser', `no working ${ENGINE_BIN.apparmorParser}`);
  // Profiles start with `#include <tunables/global>`, which the apparmor package installs.
  if (!existsSync('/etc/apparmor.d/tunables/global'))
    return missing('apparmor_parser', 'no /etc/apparmor.d/tunables/global');
  return { name: 'apparmor_parser', available: true, detail: version };
}

function checkAppArmorVM(): EngineStatus {
  const version = answer(ENGINE_BIN.qemu, ['--version']);
  if (version === null) return missing('apparmor-vm', `no working ${ENGINE_BIN.qemu}`);
  for (const file of [ENGINE_PATHS.vmKernel, ENGINE_PATHS.vmBaseInitrd])
    if (!existsSync(file)) return missing('apparmor-vm', `no ${path.relative(repoRoot, file)}`);
  return { name: 'apparmor-vm', available: true, detail: version };
}

const checks: Record<EngineName, () => EngineStatus> = {
  docker: checkDocker,
  compose: checkCompose,
  runc: checkRunc,
  podman: checkPodman,
  apparmor_parser: checkApparmorParser,
  'apparmor-vm': checkAppArmorVM,
};

const statusCache = new Map<EngineName, EngineStatus>();

/** Probes one engine (once per test file's process) without side effects on the test run. */
export function engineStatus(name: EngineName): EngineStatus {
  let status = statusCache.get(name);
  if (!status) {
    status = checks[name]();
    statusCache.set(name, status);
  }
  return status;
}

/** What a test file must do about one engine: run, skip with a loud line, or fail. Pure. */
export interface EngineVerdict {
  readonly action: 'run' | 'skip' | 'fail';
  readonly message: string;
}

/** Decides `EngineVerdict` from an engine's status and whether this is CI (`CI=true`). */
export function engineVerdict(status: EngineStatus, ci: boolean): EngineVerdict {
  if (status.available) return { action: 'run', message: `secpol: ${status.name} available: ${status.detail}` };
  if (ci)
    return {
      action: 'fail',
      message:
        `secpol: end-to-end tests for ${status.name} FAILED: engine missing (${status.detail}); ` +
        `CI=true never skips them; ${SETUP_HINT}`,
    };
  return {
    action: 'skip',
    message:
      `secpol: end-to-end tests for ${status.name} SKIPPED: engine missing (${status.detail}); ${SETUP_HINT}`,
  };
}

/** True when this run is CI's: missing engines are failures there, never skips. */
export function isCI(): boolean {
  return process.env.CI === 'true';
}

const announced = new Set<EngineName>();

/**
 * Declares that the calling test file needs `name`. Use it at the top of an end-to-end file:
 *
 *     describe.skipIf(requireEngine('docker').skip)('docker run flags', () => { ... });
 *
 * - engine present: `skip` is false and nothing else happens;
 * - missing, not CI: `skip` is true and one loud line goes to the console;
 * - missing, CI=true: a test named `engine docker is available` is registered in the calling file
 *   and fails with the reason, so the run is red; the file's own suites are not run (they could
 *   only fail on the missing engine's ENOENT, burying the cause).
 */
export function requireEngine(name: EngineName): EngineRequirement {
  const status = engineStatus(name);
  const verdict = engineVerdict(status, isCI());
  // vitest evaluates this module afresh for every test file, so "once" means once per file.
  if (verdict.action !== 'run' && !announced.has(name)) {
    announced.add(name);
    if (verdict.action === 'skip') console.warn(verdict.message);
    else
      test(`engine ${name} is available`, () => {
        throw new Error(verdict.message);
      });
  }
  return { ...status, skip: verdict.action !== 'run' };
}

let warnedNoProbeLog = false;

/**
 * Counts `n` probes of one engine route (e.g. 'docker', 'compose', 'runc', 'podman', 'apparmor-vm') for the
 * end-of-run summary that test/support/probe-count.ts prints. Needs that file as vitest globalSetup.
 */
export function countProbe(route: string, n = 1): void {
  if (!/^[a-z0-9_.-]+$/i.test(route) || !Number.isInteger(n) || n < 0)
    throw new Error(`countProbe: invalid route ${JSON.stringify(route)} or count ${n}`);
  const log = inject(PROBE_LOG_KEY);
  if (!log) {
    if (!warnedNoProbeLog) console.warn('secpol: probe counts not collected: test/support/probe-count.ts is not a vitest globalSetup');
    warnedNoProbeLog = true;
    return;
  }
  // One short O_APPEND write per call: lines from parallel test files do not interleave.
  appendFileSync(log, `${route} ${n}\n`);
}
