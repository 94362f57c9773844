/**
 * Runs a policy's `config.json` with runc the way a user would, for the end-to-end tests of the
 * OCI route: a bundle folder gets the emitted config.json byte for byte, a `rootfs/` (the busybox
 * test root file system, or the example's stand-in), and the `volumes/NAME` folders the config binds
 * (docs/mapping.md: they are the user's to create). Containers are started with `runc run -d`,
 * probed with `runc exec`, and removed with `runc delete --force`; all are named with RUN_ID.
 *
 * One change to the config is made when the kernel has no AppArmor (these machines' has none):
 * `process.apparmorProfile` is removed, because runc refuses to start a container under a profile
 * it cannot load. The test file says so in its output and proves that refusal; the profile itself is
 * enforced in the AppArmor VM tests.
 */
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PolicyIR } from '../../src/compiler/ir.js';
import type { BuiltCase } from './cases.js';
import { alive, kernelHasAppArmor, registerExecutor, RUN_ID, runPid, unregisterExecutor, useBindSource } from './containers.js';
import { ENGINE_BIN, ENGINE_PATHS, TEST_IMAGE } from './engines.js';
import { describeRun, run, type RunResult } from './run.js';
import { programPath, standInRootfsAt } from './stand-ins.js';

/** The parts of an OCI config.json these helpers read or change. */
export interface OciConfig {
  process: { args?: string[]; apparmorProfile?: string; noNewPrivileges?: boolean; capabilities?: Record<string, string[]>; user: { uid: number; gid: number } };
  root: { path: string; readonly?: boolean };
  mounts: { destination: string; type: string; source: string; options?: string[] }[];
  linux: Record<string, unknown>;
  [key: string]: unknown;
}

/** How a test's bundle departs from the emitted config.json (see `RuncSession.bundle`). */
export interface BundleOptions {
  /** A deliberate change, for a test that a broken config is caught. */
  readonly edit?: (config: OciConfig) => void;
  /** Keep `process.apparmorProfile` even where the kernel has no AppArmor. */
  readonly keepAppArmor?: boolean;
  /** Leave `process.args` out when the policy has no command, as emitted. */
  readonly keepArgsOut?: boolean;
}

/** A runc container started from a policy's bundle. */
export interface RuncStarted {
  readonly ir: PolicyIR;
  readonly bundle: string;
  /** The runc container id; also the name the checks in containers.ts take. */
  readonly container: string;
  /** What `runc run -d` did. */
  readonly start: RunResult;
  /** The file the container's stdout and stderr go to. */
  readonly log: string;
}

/** `runc ARGS…` with runc's default state root. */
export function runc(args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
  return run(ENGINE_BIN.runc, args, { timeoutMs });
}

/** Quotes a word for `sh -c` (single quotes; a quote inside closed, escaped and reopened). */
function sq(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `runc exec` in a detached or logged form, its stdio never held by the test process. */
function runcDetached(args: readonly string[], log: string): Promise<RunResult> {
  const line = `exec ${sq(ENGINE_BIN.runc)} ${args.map(sq).join(' ')} >>${sq(log)} 2>&1 </dev/null`;
  return run('sh', ['-c', line], { timeoutMs: 60_000 });
}

/** Whether the kernel lets runc apply `process.apparmorProfile`; when not, bundles drop it. */
export const DROP_APPARMOR = !kernelHasAppArmor();

/** The one line a test file prints when it drops `process.apparmorProfile`. */
export const APPARMOR_DROP_NOTICE =
  'secpol e2e: this kernel has no AppArmor, so runc bundles run without process.apparmorProfile ' +
  '(runc refuses the profile otherwise; test/e2e/runc.test.ts proves that, test/e2e/apparmor.test.ts enforces the profile in a VM)';

let swept: Promise<void> | undefined;

/** Removes runc containers that test processes which died left behind (by the pid in their id). */
function sweepDeadRuncContainers(): Promise<void> {
  swept ??= (async () => {
    const list = await runc(['list', '--quiet']);
    for (const id of list.stdout.split('\n').filter(Boolean)) {
      const pid = runPid(id);
      if (pid !== null && pid !== process.pid && !alive(pid)) await runc(['delete', '--force', id]);
    }
  })();
  return swept;
}

/**
 * One test file's runc containers and bundles. Start them with `start` or `runToExit`, remove each
 * with `remove` when done, and call `cleanup` in `afterAll`.
 */
export class RuncSession {
  private readonly started = new Map<string, () => Promise<void>>();
  private readonly dirs: string[] = [];

  /** `tag` (a short word per test file) goes into every id, next to RUN_ID. */
  constructor(private readonly tag: string) {}

  /** An id unique to this process and file: `secpol-e2e-RUNID-TAG-runc-SUFFIX`. */
  uniqueId(suffix: string): string {
    return `secpol-e2e-${RUN_ID}-${this.tag}-runc-${suffix}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  }

  /**
   * Writes a bundle: the emitted config.json (after `edit`, for a test's deliberate change, and
   * without `process.apparmorProfile` where the kernel has no AppArmor, unless `keepAppArmor`; with
   * the image's command as `process.args` when the policy has none, unless `keepArgsOut`), the
   * root file system and the named volumes' folders, owned by the workload's uid:gid.
   */
  bundle(built: BuiltCase, options: BundleOptions = {}): string {
    const { ir } = built;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-bundle-'));
    this.dirs.push(dir);
    const text = built.files.get('config.json');
    if (text === undefined) throw new Error(`${ir.name} has no config.json`);
    const config = JSON.parse(text) as OciConfig;
    // A policy without command or entrypoint leaves process.args out (docs/mapping.md): the user
    // fills in the image's own command, as Docker would run it; here, the stand-in's program.
    const fillArgs = config.process.args === undefined && !options.keepArgsOut;
    if (fillArgs) config.process.args = [programPath(ir)];
    const edited = fillArgs || options.edit !== undefined || (DROP_APPARMOR && !options.keepAppArmor && config.process.apparmorProfile !== undefined);
    options.edit?.(config);
    if (DROP_APPARMOR && !options.keepAppArmor) delete config.process.apparmorProfile;
    // Unchanged, the file is the artifact byte for byte.
    writeFileSync(path.join(dir, 'config.json'), edited ? `${JSON.stringify(config, null, 2)}\n` : text);
    // With a user namespace, runc's init mounts the root file system as the container's root, a
    // mapped host uid that must be able to reach it: mkdtemp's 0700 would refuse it.
    if (ir.namespaces.user === 'private') chmodSync(dir, 0o711);
    const rootfs = path.join(dir, config.root.path);
    if (ir.image === TEST_IMAGE) cpSync(ENGINE_PATHS.rootfs, rootfs, { recursive: true, verbatimSymlinks: true });
    else standInRootfsAt(ir, rootfs);
    for (const m of config.mounts)
      if (m.type === 'bind' && !path.isAbsolute(m.source)) {
        const source = path.join(dir, m.source);
        mkdirSync(source, { recursive: true });
        chownSync(source, hostId(ir.namespaces.uidMappings, ir.user.uid), hostId(ir.namespaces.gidMappings, ir.user.gid));
      }
    return dir;
  }

  /** Holds the absolute bind sources of `ir` (created empty when missing; see containers.ts). */
  private async holdBindSources(ir: PolicyIR): Promise<() => Promise<void>> {
    const releases: (() => Promise<void>)[] = [];
    for (const m of ir.filesystem.mounts) if (m.kind === 'bind') releases.push(await useBindSource(m.source));
    return async () => {
      for (const r of releases.reverse()) await r();
    };
  }

  /**
   * `runc run -d --bundle DIR ID`, the container's output to a log file; registers the container so
   * that the checks of containers.ts probe it with `runc exec`.
   */
  async start(built: BuiltCase, options: BundleOptions & { suffix?: string } = {}): Promise<RuncStarted> {
    await sweepDeadRuncContainers();
    const bundle = this.bundle(built, options);
    const container = this.uniqueId(options.suffix ?? built.ir.name);
    const log = path.join(bundle, 'container.log');
    const release = await this.holdBindSources(built.ir);
    this.started.set(container, release);
    const start = await runcDetached(['run', '-d', '--bundle', bundle, container], log);
    registerExecutor(container, {
      exec: (args, timeoutMs) => runc(['exec', container, ...args], timeoutMs),
      execDetached: (args) => runcDetached(['exec', '-d', container, ...args], log),
    });
    return { ir: built.ir, bundle, container, start: { ...start, stderr: `${start.stderr}${readLog(log)}` }, log };
  }

  /** `runc run --bundle DIR ID` in the foreground: waits for the command to end and returns its status and output. */
  async runToExit(built: BuiltCase, options: BundleOptions & { suffix?: string } = {}): Promise<RunResult> {
    await sweepDeadRuncContainers();
    const bundle = this.bundle(built, options);
    const container = this.uniqueId(options.suffix ?? built.ir.name);
    const release = await this.holdBindSources(built.ir);
    try {
      return await run(ENGINE_BIN.runc, ['run', '--bundle', bundle, container], { timeoutMs: 120_000 });
    } finally {
      await runc(['delete', '--force', container]);
      await release();
    }
  }

  /** Removes one container started with `start`. */
  async remove(s: RuncStarted): Promise<void> {
    const release = this.started.get(s.container);
    if (!release) return;
    this.started.delete(s.container);
    unregisterExecutor(s.container);
    try {
      const r = await runc(['delete', '--force', s.container]);
      if (r.code !== 0 && !/does not exist|not exist/.test(r.stderr)) console.warn(describeRun(`secpol e2e: runc delete ${s.container}`, r));
    } finally {
      await release();
    }
  }

  /** Removes every container still there and the bundles. */
  async cleanup(): Promise<void> {
    for (const container of [...this.started.keys()]) {
      unregisterExecutor(container);
      await runc(['delete', '--force', container]);
      await this.started.get(container)?.();
      this.started.delete(container);
    }
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** The host id a container id stands for under `maps` (itself without a user namespace). */
export function hostId(maps: PolicyIR['namespaces']['uidMappings'], id: number): number {
  const m = maps.find((r) => id >= r.containerId && id < r.containerId + r.size);
  return m ? m.hostId + (id - m.containerId) : id;
}

/** The container's log so far ('' when there is none). */
export function readLog(log: string): string {
  try {
    return readFileSync(log, 'utf8');
  } catch {
    return '';
  }
}

/** `runc state ID`'s status: running, stopped, created…, or null when runc does not know it. */
export async function runcStatus(container: string): Promise<string | null> {
  const r = await runc(['state', container]);
  if (r.code !== 0) return null;
  return (JSON.parse(r.stdout) as { status: string }).status;
}
