/**
 * Runs a policy's Docker artifacts the way a user would, for the end-to-end tests of the `docker run`
 * and Compose routes: the artifacts go to a temporary folder, `docker-run.txt` is run by a real `sh`
 * from there and `compose.yaml` by `docker-compose -p PROJECT up -d`, and the tests then probe the
 * container with `docker exec` and read `docker inspect`.
 *
 * Everything a test file creates is named with a per-process suffix (`RUN_ID`) and removed by name:
 * containers, Compose projects, and the named volumes or bind-source folders that did not exist
 * before. Test files run in parallel, and the artifacts publish fixed host ports (127.0.0.1:18080,
 * 8080 …) and share volume names, so host ports are held with a lock for a container's lifetime and
 * shared resources are reference-counted across processes (in .engines/e2e/locks).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import type { Arch, PolicyIR, PortMapping, SeccompRule } from '../../src/compiler/ir.js';
import { CAPABILITIES } from '../../src/compiler/data/capabilities.js';
import { constantValue } from '../../src/compiler/data/constants.js';
import { errnoName } from '../../src/compiler/data/errno.js';
import { syscallNumber } from '../../src/compiler/data/syscall-table.js';
import { shellWord } from '../../src/emitters/quote.js';
import { build, type BuiltCase } from './cases.js';
import { ENGINE_BIN, ENGINE_PATHS, ENGINES_DIR, PROBE_IN_GUEST, SERVERS_IMAGE, TEST_IMAGE } from './engines.js';
import { repoRoot } from './repo.js';
import { describeRun, run, type RunResult } from './run.js';
import { standInImage, standInScript } from './stand-ins.js';

/**
 * Unique to this test process: part of every container, project and label these helpers create.
 * It starts with the pid, so that a later run can tell the leftovers of a process that died.
 */
export const RUN_ID = `${process.pid}_${Date.now().toString(36).slice(-4)}`;

/** The label every `docker run` container of this process carries (value: RUN_ID). */
export const RUN_LABEL = 'secpol.e2e.run';

/** Where containers' /proc/1/status summaries are written for other end-to-end tests to compare. */
export const STATUS_DIR = path.join(ENGINES_DIR, 'e2e', 'status');

const LOCK_DIR = path.join(ENGINES_DIR, 'e2e', 'locks');
const STAND_IN_RECORDS = path.join(ENGINES_DIR, 'e2e', 'stand-ins');
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs the pinned Docker CLI. */
export function docker(args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
  return run(ENGINE_BIN.docker, args, { timeoutMs });
}

/** Runs `docker` and returns its trimmed stdout, throwing with its output when it fails. */
async function dockerOk(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const r = await docker(args, timeoutMs);
  if (r.code !== 0) throw new Error(describeRun(`docker ${args.join(' ')}`, r));
  return r.stdout.trim();
}

/** The example policies (run with stand-in images), as repository paths. */
export const EXAMPLE_POLICIES: readonly string[] = readdirSync(path.join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).sort().map((f) => `examples/${f}`);
/** The end-to-end fixtures (probe-root, probe-user, probe-filters, baseline-only), as repository paths. */
export const FIXTURE_POLICIES: readonly string[] = readdirSync(path.join(repoRoot, 'test', 'e2e', 'fixtures')).filter((f) => f.endsWith('.secpol')).sort().map((f) => `test/e2e/fixtures/${f}`);

/** Compiles a policy of the repository and emits its artifacts; it must compile. */
export function mustBuild(policy: string): BuiltCase {
  const built = build(policy);
  if (!built) throw new Error(`${policy} does not compile`);
  return built;
}

// ── Cross-process locks and shared resources ────────────────────────────────────────────────────

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function lockFile(key: string): string {
  return path.join(LOCK_DIR, `${key.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`);
}

/**
 * Takes the lock `key` (a folder made with mkdir, which is atomic), waiting while a live process
 * holds it; a lock whose holder died is broken. Returns the release function.
 */
export async function lock(key: string, timeoutMs = 600_000): Promise<() => void> {
  mkdirSync(LOCK_DIR, { recursive: true });
  const dir = lockFile(key);
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'owner'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path.join(dir, 'owner'), 'utf8'));
    } catch {
      // Just made and the owner not written yet: held, unless its maker died in between long ago.
      owner = ageMs(dir) > 10_000 ? 0 : NaN;
    }
    if (owner === 0 || (Number.isInteger(owner) && owner > 0 && !alive(owner))) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > until) throw new Error(`secpol e2e: lock ${key} still held by pid ${owner} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

interface SharedState {
  /** What `create` returned when this run of the tests created the resource; null if it was already there. */
  created: unknown;
  /** `pid:n` of every current user. */
  users: string[];
}

let userSerial = 0;

/**
 * Uses a host resource that several test processes may need at once (a named volume, a bind
 * source folder): creates it when absent, and destroys it when its last user lets go, but only if
 * the tests created it. Someone's own volume of the same name is used and left alone.
 */
export async function useShared(
  key: string,
  exists: () => Promise<boolean>,
  create: () => Promise<unknown>,
  destroy: (created: unknown) => Promise<void>,
): Promise<() => Promise<void>> {
  const file = `${lockFile(key)}.json`;
  const read = (): SharedState => {
    try {
      const s = JSON.parse(readFileSync(file, 'utf8')) as SharedState;
      return { created: s.created ?? null, users: s.users.filter((u) => alive(Number(u.split(':')[0]))) };
    } catch {
      return { created: null, users: [] };
    }
  };
  const me = `${process.pid}:${++userSerial}`;
  const unlock = await lock(key);
  try {
    const state = read();
    if (state.users.length === 0 && !(await exists())) state.created = await create();
    state.users.push(me);
    writeFileSync(file, JSON.stringify(state));
  } finally {
    unlock();
  }
  return async () => {
    const unlock = await lock(key);
    try {
      const state = read();
      state.users = state.users.filter((u) => u !== me);
      if (state.users.length > 0) writeFileSync(file, JSON.stringify(state));
      else {
        if (state.created !== null) await destroy(state.created);
        rmSync(file, { force: true });
      }
    } finally {
      unlock();
    }
  };
}

/** Holds a named volume of the policy for the life of a container (see `useShared`). */
function useVolume(name: string): Promise<() => Promise<void>> {
  return useShared(
    `volume-${name}`,
    async () => (await docker(['volume', 'inspect', name])).code === 0,
    async () => (await dockerOk(['volume', 'create', name]), name),
    async () => {
      const r = await docker(['volume', 'rm', name]);
      if (r.code !== 0) console.warn(describeRun(`secpol e2e: could not remove volume ${name}`, r));
    },
  );
}

/**
 * Holds the host folder of a `bind` mount. Docker refuses a bind whose source is missing, and the
 * examples name host folders (postgres: /srv/secrets/orders-db), so a missing one is created, empty,
 * for the test, and the folders created are removed afterwards (only if still empty).
 */
export function useBindSource(source: string): Promise<() => Promise<void>> {
  return useShared(
    `bind-${source}`,
    async () => existsSync(source),
    async () => {
      const made: string[] = [];
      for (let p = source; !existsSync(p); p = path.dirname(p)) made.unshift(p);
      mkdirSync(source, { recursive: true });
      return made;
    },
    async (made) => {
      for (const p of [...(made as string[])].reverse())
        try {
          rmdirSync(p);
        } catch {
          console.warn(`secpol e2e: left ${p} in place: not empty`);
        }
    },
  );
}

/** The host ports the policy publishes (fixed ones only: an ephemeral port cannot clash). */
export function hostPorts(ir: PolicyIR): number[] {
  return [...new Set(ir.network.ports.flatMap((p) => (p.hostPort === null ? [] : [p.hostPort])))].sort((a, b) => a - b);
}

/**
 * Everything a container of `ir` needs from the host, held until the returned function is called:
 * its host ports (exclusively, in ascending order so two holders never wait on each other), its
 * named volumes and its bind sources.
 */
export async function holdHostResources(ir: PolicyIR): Promise<() => Promise<void>> {
  const releases: (() => Promise<void> | void)[] = [];
  try {
    for (const port of hostPorts(ir)) releases.push(await lock(`port-${port}`));
    for (const m of ir.filesystem.mounts) releases.push(await (m.kind === 'volume' ? useVolume(m.source) : useBindSource(m.source)));
  } catch (e) {
    for (const r of releases.reverse()) await r();
    throw e;
  }
  return async () => {
    for (const r of releases.reverse()) await r();
  };
}

/** The pid in a RUN_ID-bearing name or label value (`…secpol-e2e-PID_…` or `PID_…`), or null. */
export function runPid(text: string): number | null {
  const m = /^(?:secpol-e2e-)?(\d+)_[a-z0-9]+(?:-|$)/.exec(text);
  return m ? Number(m[1]) : null;
}

let swept: Promise<void> | undefined;

/**
 * Removes what test processes that died (a crash, a killed worker) left behind: their `docker run`
 * containers (by RUN_LABEL), their Compose projects' containers and networks (by project name).
 * Only names these helpers make are touched, and only when the process in them is gone.
 */
export function sweepDeadRuns(): Promise<void> {
  swept ??= (async () => {
    const dead = (name: string) => {
      const pid = runPid(name);
      return pid !== null && pid !== process.pid && !alive(pid);
    };
    const byLabel = async (label: string) =>
      (await docker(['ps', '-a', '--filter', `label=${label}`, '--format', `{{.ID}} {{.Label "${label}"}}`])).stdout
        .split('\n')
        .map((l) => l.split(' '))
        .filter(([id, value]) => id && value && dead(value))
        .map(([id]) => id!);
    const ids = [...(await byLabel(RUN_LABEL)), ...(await byLabel('com.docker.compose.project'))];
    if (ids.length > 0) await docker(['rm', '-f', ...ids]);
    const networks = (await docker(['network', 'ls', '--filter', 'name=secpol-e2e-', '--format', '{{.Name}}'])).stdout.split('\n').filter((n) => n && dead(n));
    if (networks.length > 0) await docker(['network', 'rm', ...networks]);
  })();
  return swept;
}

// ── Images ──────────────────────────────────────────────────────────────────────────────────────

const imagesReady = new Map<string, Promise<void>>();

/**
 * Makes the policy's image available: the test image is there already; an example's image is its
 * stand-in (test/support/stand-ins.ts). A stand-in is imported again only when the IR, the
 * stand-in code or the busybox root file system changed since the last import, and the stand-in it
 * replaces is removed, so runs do not pile up untagged images.
 */
export function ensureImage(ir: PolicyIR): Promise<void> {
  // The servers image is real (scripts/setup-engines.sh builds it): never replaced by a stand-in.
  if (ir.image === TEST_IMAGE || ir.image === SERVERS_IMAGE) return Promise.resolve();
  let ready = imagesReady.get(ir.image);
  if (!ready) {
    ready = (async () => {
      const unlock = await lock(`image-${ir.image}`);
      try {
        const rootfsId = readFileSync(path.join(ENGINE_PATHS.rootfs, '.secpol-rootfs-id'), 'utf8');
        const standInCode = readFileSync(path.join(repoRoot, 'test', 'support', 'stand-ins.ts'), 'utf8');
        const hash = createHash('sha256').update(`${rootfsId}\n${standInCode}\n${JSON.stringify(ir)}`).digest('hex');
        const record = path.join(STAND_IN_RECORDS, `${ir.image.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
        let previous: { hash?: string; id?: string } = {};
        try {
          previous = JSON.parse(readFileSync(record, 'utf8')) as typeof previous;
        } catch {
          // First import on this machine.
        }
        const current = await docker(['image', 'inspect', '--format', '{{.Id}}', ir.image]);
        const currentId = current.code === 0 ? current.stdout.trim() : null;
        if (currentId !== null && currentId === previous.id && previous.hash === hash) return;
        standInImage(ir);
        const id = await dockerOk(['image', 'inspect', '--format', '{{.Id}}', ir.image]);
        mkdirSync(STAND_IN_RECORDS, { recursive: true });
        writeFileSync(record, JSON.stringify({ hash, id }));
        // Only a stand-in these helpers imported is removed; a container still using it keeps it.
        if (currentId !== null && currentId === previous.id && currentId !== id) await docker(['image', 'rm', currentId]);
      } finally {
        unlock();
      }
    })();
    imagesReady.set(ir.image, ready);
  }
  return ready;
}

// ── Artifacts and the two routes ────────────────────────────────────────────────────────────────

/** A container started from a policy's artifacts, by one route. */
export interface Started {
  readonly route: 'docker' | 'compose';
  readonly ir: PolicyIR;
  /** The folder holding the artifacts it was started from. */
  readonly dir: string;
  /** The container's name (`docker exec`, `docker inspect`), or '' when none was created. */
  readonly container: string;
  /** The Compose project (compose route only). */
  readonly project?: string;
  /** What the start command (`sh -c 'docker run …'`, `docker-compose up -d`) did. */
  readonly start: RunResult;
}

/**
 * `docker-run.txt` with `-d`, a unique `--name` and this run's label, as the line `sh` will run.
 * The emitter writes `docker run --name NAME …` first (NAME a bare word); that `--name` is replaced,
 * not added to, because Docker keeps the last of repeated `--name` flags. Everything after it is
 * the artifact's own text, byte for byte.
 */
export function runnableLine(txt: string, argv: readonly string[], name: string): string {
  const [d, r, flag, emitted] = argv;
  const prefix = `docker run --name ${emitted} `;
  // Comment lines may come first (a policy with a user namespace says why Docker cannot map it).
  const line = txt.replace(/^(?:#[^\n]*\n)*/, '');
  if (d !== 'docker' || r !== 'run' || flag !== '--name' || !line.startsWith(prefix))
    throw new Error(`docker-run.txt does not start with the argv's \`docker run --name NAME\` (after any comment lines): ${line.slice(0, 80)}`);
  return `docker run -d --name ${name} --label ${RUN_LABEL}=${RUN_ID} ${line.slice(prefix.length)}`;
}

/** Re-quotes an argv for a POSIX shell with the project's own quoting (src/emitters/quote.ts). */
export function shellLine(argv: readonly string[]): string {
  return `${argv.map((a) => shellWord('e2e', a)).join(' ')}\n`;
}

/**
 * `docker-run.txt` and `.json` with the command after the image replaced (e.g. by a probe that ends),
 * everything before it unchanged. The artifact must end with the policy's command, quoted as the
 * emitter quotes it.
 */
export function withCommand(built: BuiltCase, command: readonly string[]): Record<string, string> {
  const argv = JSON.parse(built.files.get('docker-run.json')!) as string[];
  const txt = built.files.get('docker-run.txt')!;
  const old = built.ir.command ?? [];
  const tail = ` ${shellLine(old)}`;
  if (old.length === 0 || !txt.endsWith(tail) || JSON.stringify(argv.slice(-old.length)) !== JSON.stringify(old))
    throw new Error(`docker-run.txt of ${built.ir.name} does not end with its command`);
  const newArgv = [...argv.slice(0, -old.length), ...command];
  return { 'docker-run.txt': `${txt.slice(0, -tail.length)} ${shellLine(command)}`, 'docker-run.json': `${JSON.stringify(newArgv, null, 2)}\n` };
}

/**
 * `compose.yaml` with its service changed by `edit` (a deliberate change for a test), written the
 * way the emitter writes it: every string double-quoted, which docker-compose 1.29's YAML 1.1 needs.
 */
export function composeWith(built: BuiltCase, edit: (service: Record<string, unknown>) => void): Record<string, string> {
  const doc = yaml.load(built.files.get('compose.yaml')!) as { services: Record<string, Record<string, unknown>> };
  const service = doc.services[built.ir.name];
  if (!service) throw new Error(`compose.yaml of ${built.ir.name} has no service ${built.ir.name}`);
  edit(service);
  return { 'compose.yaml': yaml.dump(doc, { lineWidth: -1, noRefs: true, forceQuotes: true, quotingType: '"' }) };
}

/** docker-compose 1.29 with COMPOSE_* variables of the caller's environment left out. */
export function composeEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COMPOSE_')));
}

/**
 * One test file's containers. Start them with `dockerRun` / `composeUp`, remove each with `remove`
 * when done, and call `cleanup` in `afterAll`: it removes whatever is left, by name.
 */
export class Session {
  private readonly started = new Map<Started, () => Promise<void>>();
  private readonly dirs: string[] = [];

  /** `tag` (a short word per test file) goes into every name, next to RUN_ID. */
  constructor(private readonly tag: string) {}

  /** A name unique to this process and file: `secpol-e2e-RUNID-TAG-ROUTE-SUFFIX`. */
  uniqueName(route: string, suffix: string): string {
    return `secpol-e2e-${RUN_ID}-${this.tag}-${route}-${suffix}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
  }

  /** Writes the policy's artifacts (with `override` files replacing or adding some) to a new folder. */
  writeArtifacts(built: BuiltCase, override: Readonly<Record<string, string>> = {}): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-'));
    this.dirs.push(dir);
    for (const [file, content] of [...built.files, ...Object.entries(override)]) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
    return dir;
  }

  /**
   * Runs the policy's docker-run.txt (or `override`'s) through `sh` from its artifact folder, with
   * `docker` a shell function calling the pinned CLI. `suffix` distinguishes containers of one policy.
   */
  async dockerRun(built: BuiltCase, options: { override?: Record<string, string>; suffix?: string } = {}): Promise<Started> {
    const { ir } = built;
    await Promise.all([sweepDeadRuns(), ensureImage(ir)]);
    const dir = this.writeArtifacts(built, options.override);
    const txt = readFileSync(path.join(dir, 'docker-run.txt'), 'utf8');
    const argv = JSON.parse(readFileSync(path.join(dir, 'docker-run.json'), 'utf8')) as string[];
    const container = this.uniqueName('run', options.suffix ?? ir.name);
    const script = `docker() { "$SECPOL_E2E_DOCKER" "$@"; }\n${runnableLine(txt, argv, container)}`;
    const release = await holdHostResources(ir);
    const started: Started = {
      route: 'docker',
      ir,
      dir,
      container,
      start: await run('sh', ['-c', script], { cwd: dir, env: { ...process.env, SECPOL_E2E_DOCKER: ENGINE_BIN.docker }, timeoutMs: 120_000 }),
    };
    this.started.set(started, release);
    return started;
  }

  /** `docker-compose -p PROJECT up -d` in the policy's artifact folder. */
  async composeUp(built: BuiltCase, options: { override?: Record<string, string>; suffix?: string } = {}): Promise<Started> {
    const { ir } = built;
    await Promise.all([sweepDeadRuns(), ensureImage(ir)]);
    const dir = this.writeArtifacts(built, options.override);
    const project = this.uniqueName('compose', options.suffix ?? ir.name);
    const release = await holdHostResources(ir);
    const start = await run(ENGINE_BIN.dockerCompose, ['-p', project, 'up', '-d'], { cwd: dir, env: composeEnv(), timeoutMs: 180_000 });
    const ids = await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]);
    const started: Started = { route: 'compose', ir, dir, project, container: ids.stdout.trim().split('\n')[0] ?? '', start };
    this.started.set(started, release);
    return started;
  }

  /** Removes one started container (and its Compose project), then lets go of its host resources. */
  async remove(s: Started): Promise<void> {
    const release = this.started.get(s);
    if (!release) return;
    this.started.delete(s);
    try {
      if (s.route === 'compose' && s.project) {
        const down = await run(ENGINE_BIN.dockerCompose, ['-p', s.project, 'down', '-t', '0', '--remove-orphans'], { cwd: s.dir, env: composeEnv(), timeoutMs: 120_000 });
        if (down.code !== 0) console.warn(describeRun(`secpol e2e: docker-compose down ${s.project}`, down));
        // Whatever `down` missed: the project's containers by label, then its network.
        const left = await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${s.project}`]);
        const ids = left.stdout.split('\n').filter(Boolean);
        if (ids.length > 0) await docker(['rm', '-f', ...ids]);
        if ((await docker(['network', 'inspect', `${s.project}_default`])).code === 0) await docker(['network', 'rm', `${s.project}_default`]);
      } else {
        const rm = await docker(['rm', '-f', s.container]);
        if (rm.code !== 0 && !/No such container/.test(rm.stderr)) console.warn(describeRun(`secpol e2e: docker rm ${s.container}`, rm));
      }
    } finally {
      await release();
    }
  }

  /** Removes every container and project still running, anything else labelled with RUN_ID, and the artifact folders. */
  async cleanup(): Promise<void> {
    await Promise.all([...this.started.keys()].map((s) => this.remove(s)));
    const stray = await docker(['ps', '-aq', '--filter', `label=${RUN_LABEL}=${RUN_ID}`]);
    const ids = stray.stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await docker(['rm', '-f', ...ids]);
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

// ── Looking inside ──────────────────────────────────────────────────────────────────────────────

/**
 * How to run commands in a container that Docker does not manage (a runc container): registered
 * by whoever starts it (test/support/bundles.ts), so that the enforcement checks below probe
 * containers of every route alike. Unregistered names are Docker's.
 */
export interface Executor {
  /** Runs `args` in the container and waits for it. */
  exec(args: readonly string[], timeoutMs: number): Promise<RunResult>;
  /** Starts `args` in the container and returns at once. */
  execDetached(args: readonly string[]): Promise<RunResult>;
}

const executors = new Map<string, Executor>();

/** Makes `exec` and the checks reach `container` through `executor`; undo with `unregisterExecutor`. */
export function registerExecutor(container: string, executor: Executor): void {
  executors.set(container, executor);
}

export function unregisterExecutor(container: string): void {
  executors.delete(container);
}

/** `docker exec CONTAINER ARGS…`, or the registered executor's `exec`. */
export function exec(container: string, args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
  const executor = executors.get(container);
  return executor ? executor.exec(args, timeoutMs) : docker(['exec', container, ...args], timeoutMs);
}

/** `docker exec -d CONTAINER ARGS…`, or the registered executor's `execDetached`. */
export function execDetached(container: string, args: readonly string[]): Promise<RunResult> {
  const executor = executors.get(container);
  return executor ? executor.execDetached(args) : docker(['exec', '-d', container, ...args]);
}

/** The parts of `docker inspect`'s answer these tests read. */
export interface Inspected {
  readonly Name: string;
  /** The AppArmor profile the container runs under; '' when unconfined. */
  readonly AppArmorProfile: string;
  readonly State: { readonly Status: string; readonly Running: boolean; readonly ExitCode: number; readonly OOMKilled: boolean; readonly Error: string };
  readonly Config: Readonly<Record<string, unknown>>;
  readonly HostConfig: Readonly<Record<string, unknown>>;
  readonly Mounts: readonly Readonly<Record<string, unknown>>[];
  readonly NetworkSettings: { readonly Ports: Readonly<Record<string, unknown>> | null };
}

/** `docker inspect` of one container, parsed. */
export async function inspect(container: string): Promise<Inspected> {
  return (JSON.parse(await dockerOk(['inspect', container])) as Inspected[])[0]!;
}

/** Waits for a container to stop and returns its exit status (`docker wait`). */
export async function waitExit(container: string, timeoutMs = 60_000): Promise<number> {
  return Number(await dockerOk(['wait', container], timeoutMs));
}

/** The security fields of a /proc/PID/status: capability sets as hex, NoNewPrivs, Seccomp mode. */
export interface ProcStatus {
  readonly CapInh: string;
  readonly CapPrm: string;
  readonly CapEff: string;
  readonly CapBnd: string;
  readonly CapAmb: string;
  readonly NoNewPrivs: string;
  readonly Seccomp: string;
}

const STATUS_FIELDS = ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs', 'Seccomp'] as const;

/** Reads /proc/1/status inside the container (the workload's own process) and keeps the security fields. */
export async function procStatus(container: string): Promise<ProcStatus> {
  const r = await exec(container, ['cat', '/proc/1/status']);
  if (r.code !== 0) throw new Error(describeRun(`cat /proc/1/status in ${container}`, r));
  const fields = new Map(r.stdout.split('\n').map((l) => l.split(/:\s*/, 2) as [string, string]));
  const out: Record<string, string> = {};
  for (const f of STATUS_FIELDS) {
    const v = fields.get(f);
    if (v === undefined) throw new Error(`/proc/1/status in ${container} has no ${f}`);
    out[f] = v.trim();
  }
  return out as unknown as ProcStatus;
}

/** The capability mask of granted `CAP_*` names, as /proc/PID/status prints it (16 hex digits). */
export function capabilityMask(names: readonly string[]): string {
  let mask = 0n;
  for (const n of names) {
    const cap = CAPABILITIES.find((c) => c.name === n);
    if (!cap) throw new Error(`unknown capability ${n}`);
    mask |= 1n << BigInt(cap.value);
  }
  return mask.toString(16).padStart(16, '0');
}

/**
 * What is wrong with the workload's capability sets and security state, given its policy: every
 * set but the granted ones is empty (bounding always; effective and permitted for uid 0 only, as
 * Docker does), no_new_privs as the policy says, seccomp in filter mode. Empty when all is right.
 */
export function securityFindings(status: ProcStatus, ir: PolicyIR): string[] {
  const granted = capabilityMask(ir.capabilities);
  const none = capabilityMask([]);
  const want: ProcStatus = {
    CapInh: none,
    CapPrm: ir.user.uid === 0 ? granted : none,
    CapEff: ir.user.uid === 0 ? granted : none,
    CapBnd: granted,
    CapAmb: none,
    NoNewPrivs: ir.noNewPrivileges ? '1' : '0',
    Seccomp: '2',
  };
  return STATUS_FIELDS.filter((f) => status[f] !== want[f]).map((f) => `${f} is ${status[f]}, the policy gives ${want[f]}`);
}

/** Writes a container's /proc/1/status summary to .engines/e2e/status/NAME-ROUTE.json for other tests to compare. */
export function recordStatus(ir: PolicyIR, route: 'docker' | 'compose', status: ProcStatus): void {
  mkdirSync(STATUS_DIR, { recursive: true });
  writeFileSync(path.join(STATUS_DIR, `${ir.name}-${route}.json`), `${JSON.stringify({ policy: ir.name, route, status }, null, 2)}\n`);
}

/**
 * Fetches `http://127.0.0.1:PORT/PATH` (never any other address), retrying until `timeoutMs` while
 * the connection is refused or reset: the workload may still be starting its server.
 */
export async function fetchLocal(port: number, urlPath = '/', timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 5_000 }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error('timed out')));
        req.on('error', reject);
      });
    } catch (e) {
      if (Date.now() > until) throw e;
      await sleep(200);
    }
  }
}

/** The policy's published ports as `docker inspect` shows HostConfig.PortBindings. */
export function expectedPortBindings(ir: PolicyIR): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of ir.network.ports)
    (out[`${p.containerPort}/${p.protocol}`] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort === null ? '' : String(p.hostPort) });
  return out;
}

// ── Enforcement checks ──────────────────────────────────────────────────────────────────────────
//
// Each check runs probes in a container and returns what is wrong ([] when the artifact is
// enforced as the policy says), so the same check can also be pointed at a deliberately broken
// artifact and be seen to fail. Expected values come from the policy's IR wherever it holds them.

/** One enforcement check: probes a running container of `ir`; `count` is called once per probe. */
export interface EnforcementCheck {
  readonly name: string;
  readonly check: (container: string, ir: PolicyIR, count: () => void) => Promise<string[]>;
}

/** The seccomp architecture of this machine (the probe is a native binary). */
const NATIVE_ARCH: Arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';

/** The native number of a syscall, as the probe's `syscall NR` command takes it. */
function nr(name: string): string {
  const n = syscallNumber(name, NATIVE_ARCH);
  if (n === undefined) throw new Error(`no syscall ${name} on ${NATIVE_ARCH}`);
  return String(n);
}

/** The probe's line for a refusal with errno `n`: `errno=EACCES(13)`. */
export function errnoLine(n: number): string {
  return `errno=${errnoName(n) ?? 'UNKNOWN'}(${n})`;
}

/** The unconditional seccomp rule of `ir` naming `name` on this machine's architecture. */
function ruleFor(ir: PolicyIR, name: string): SeccompRule | undefined {
  return ir.seccomp.rules.find((r) => r.args.length === 0 && r.names.includes(name) && r.arches.includes(NATIVE_ARCH));
}

/** An expected outcome: exit status, and optionally stdout (trimmed) and stderr patterns. */
interface Want {
  readonly code: number;
  readonly out?: string | RegExp;
  readonly err?: RegExp;
}

/** [] when `r` is what `want` says, else one line saying what `what` did instead. */
export function outcome(what: string, r: RunResult, want: Want): string[] {
  const out = r.stdout.trim();
  const outOk = want.out === undefined || (typeof want.out === 'string' ? out === want.out : want.out.test(out));
  if (r.code === want.code && outOk && (want.err === undefined || want.err.test(r.stderr))) return [];
  const wanted = `exit ${want.code}${want.out === undefined ? '' : ` printing ${String(want.out)}`}${want.err ? ` with ${String(want.err)} on stderr` : ''}`;
  return [`${what}: want ${wanted}; ${describeRun('it', r).replace(/\n/g, ' | ')}`];
}

/** Runs probes and shell commands in one container, counting each, and collects findings. */
class Prober {
  readonly findings: string[] = [];
  constructor(
    private readonly container: string,
    readonly count: () => void,
  ) {}

  /** `docker exec` (or the registered executor's) in the container. */
  async exec(args: readonly string[]): Promise<RunResult> {
    this.count();
    return exec(this.container, args);
  }

  /** `docker exec -d` (or the registered executor's): starts `args` in the container and returns at once. */
  async execDetached(args: readonly string[]): Promise<RunResult> {
    this.count();
    return execDetached(this.container, args);
  }

  /** Runs `args` in the container and records a finding unless it ends as `want` says. */
  async expect(what: string, args: readonly string[], want: Want): Promise<RunResult> {
    const r = await this.exec(args);
    this.findings.push(...outcome(what, r, want));
    return r;
  }

  /** `/bin/secpol-probe ARGS…`, expected to print `ok` or the given errno line. */
  probe(what: string, args: readonly string[], expected: 'ok' | number): Promise<RunResult> {
    return this.expect(what, [PROBE_IN_GUEST, ...args], expected === 'ok' ? { code: 0, out: 'ok' } : { code: 1, out: errnoLine(expected) });
  }
}

const EPERM = 1;
const ENOENT = 2;
const EBADF = 9;
const EACCES = 13;
const EROFS = 30;
const ENOSYS = 38;
const MiB = 1024 * 1024;
/** The exit status of a process killed by SIGSYS (31), as `docker exec` reports it: 128 + 31. */
export const KILLED_BY_SIGSYS = 159;

async function probing(container: string, count: () => void, body: (p: Prober) => Promise<void>): Promise<string[]> {
  const p = new Prober(container, count);
  await body(p);
  return p.findings;
}

/** The policy's writable tmpfs mounts (not secpol's read-only ones over /dev/shm and /dev/mqueue). */
export function writableTmpfs(ir: PolicyIR): PolicyIR['filesystem']['tmpfs'] {
  return ir.filesystem.tmpfs.filter((t) => !t.options.includes('ro'));
}

/** The first writable tmpfs, where the checks make their scratch files. */
function scratchTmpfs(ir: PolicyIR): string {
  const t = writableTmpfs(ir)[0];
  if (!t) throw new Error(`${ir.name} has no writable tmpfs`);
  return t.target;
}

/** A syscall the policy denies with an errno fails with exactly that errno (probe-root: fchmodat → EACCES). */
export const DENIED_WITH_ERRNO: EnforcementCheck = {
  name: 'a syscall the policy denies fails with the errno it declares',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      const rule = ruleFor(ir, 'fchmodat');
      if (rule?.action.kind !== 'errno') throw new Error(`${ir.name} no longer denies fchmodat with an errno`);
      // fchmodat(AT_FDCWD, NULL, 0): the filter answers before the kernel reads the path; were the
      // call let through, the kernel would fail it with EFAULT instead.
      await p.probe('fchmodat(AT_FDCWD, NULL, 0)', ['syscall', nr('fchmodat'), '-100', '0', '0'], rule.action.errno);
    }),
};

/** A syscall the policy kills for ends the process with SIGSYS (probe-root: ptrace). */
export const KILLED_BY_RULE: EnforcementCheck = {
  name: 'a syscall the policy kills for ends the process with SIGSYS (exit 159)',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (ruleFor(ir, 'ptrace')?.action.kind !== 'kill') throw new Error(`${ir.name} no longer kills on ptrace`);
      // Through a shell that prints the probe's status. The probe forks the child it attaches to; when
      // SIGSYS kills the probe, that child lives on as an orphan, and were it holding `docker exec`'s
      // output, the exec would hang 2 s for it. Its stdio goes to /dev/null, and it is killed after.
      const script = `${PROBE_IN_GUEST} ptrace >/dev/null 2>&1 </dev/null; s=$?; kill -9 $(pidof secpol-probe) 2>/dev/null; echo $s`;
      await p.expect('ptrace(PTRACE_ATTACH)', ['sh', '-c', script], { code: 0, out: String(KILLED_BY_SIGSYS) });
    }),
};

/**
 * A syscall outside the allow-list fails with EPERM. personality(0xffffffff) only queries and
 * succeeds for anyone without a filter. (The profile's defaultErrnoRet cannot change this on Docker
 * 20.10, which drops it: the default errno is always EPERM there; see docs/mapping.md.)
 */
export const OUTSIDE_ALLOW_LIST: EnforcementCheck = {
  name: 'a syscall outside the allow-list fails with EPERM',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (ir.seccomp.rules.some((r) => r.names.includes('personality'))) throw new Error(`${ir.name} now has a personality rule`);
      await p.probe('personality(0xffffffff)', ['syscall', nr('personality'), '4294967295'], EPERM);
    }),
};

/**
 * Socket families follow the `socket` argument conditions (probe-root: `allow socket if arg0 in
 * [AF_INET, AF_INET6, AF_UNIX]`). AF_PACKET would also need CAP_NET_RAW, so its EPERM alone does not
 * prove the condition; AF_NETLINK needs no capability, so only the filter can refuse it.
 */
export const SOCKET_CONDITIONS: EnforcementCheck = {
  name: 'socket() is allowed for AF_INET, AF_INET6, AF_UNIX within `protocols` and refused for AF_PACKET, AF_NETLINK and UDP',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      const grants = ir.network.grants.map((g) => `${g.family}/${g.type ?? 'any'}`).join(' ');
      if (grants !== 'inet/stream inet6/stream unix/any' || !ir.seccomp.rules.some((r) => r.names.includes('socket') && r.condition?.startsWith('arg0 in [AF_INET, AF_INET6, AF_UNIX]')))
        throw new Error(`${ir.name} no longer allows socket for three families by argument conditions within protocols tcp, unix`);
      for (const [family, type] of [['inet', 'stream'], ['inet6', 'stream'], ['unix', 'stream'], ['unix', 'dgram']] as const) await p.probe(`socket(${family}, ${type})`, ['socket', family, type], 'ok');
      // AF_INET6 is in the rule's families, but datagram sockets are in no protocol of the policy.
      for (const [family, type] of [['packet', 'raw'], ['netlink', 'dgram'], ['inet6', 'dgram']] as const) await p.probe(`socket(${family}, ${type})`, ['socket', family, type], EPERM);
    }),
};

/** A policy without network grants gets no socket at all, not even a unix one. */
export const NO_SOCKETS: EnforcementCheck = {
  name: 'socket() is refused for every family when the policy grants none',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (ir.network.grants.length > 0) throw new Error(`${ir.name} now grants protocols`);
      for (const family of ['inet', 'unix'] as const) await p.probe(`socket(${family}, stream)`, ['socket', family, 'stream'], EPERM);
    }),
};

/** A syscall the policy leaves out and the kernel would allow fails with EPERM (probe-user: ptrace of its own child). */
export const PTRACE_NOT_ALLOWED: EnforcementCheck = {
  name: 'ptrace, not in the allow-list, fails with EPERM',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (ir.seccomp.rules.some((r) => r.names.includes('ptrace'))) throw new Error(`${ir.name} now has a ptrace rule`);
      await p.probe('ptrace(PTRACE_ATTACH)', ['ptrace'], EPERM);
    }),
};

/** With CAP_CHOWN granted, root gives a file away. */
export const CHOWN_GRANTED: EnforcementCheck = {
  name: 'chown to another owner works with CAP_CHOWN granted',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (!ir.capabilities.includes('CAP_CHOWN') || ir.user.uid !== 0) throw new Error(`${ir.name} is no longer root with CAP_CHOWN`);
      const file = `${scratchTmpfs(ir)}/chown-${RUN_ID}`;
      await p.probe(`create ${file}`, ['write', file], 'ok');
      await p.probe(`chown ${file} 1234:1234`, ['chown', file, '1234', '1234'], 'ok');
      await p.expect(`owner of ${file}`, ['stat', '-c', '%u:%g', file], { code: 0, out: '1234:1234' });
    }),
};

/**
 * Root without a capability is refused what that capability grants: probe-root gives a file away
 * (CAP_CHOWN, granted) and then may not write it, since writing a file of another owner with mode
 * 0644 needs CAP_DAC_OVERRIDE, which the policy does not grant and Docker's default set would.
 */
export const ROOT_WITHOUT_DAC_OVERRIDE: EnforcementCheck = {
  name: 'root without CAP_DAC_OVERRIDE cannot write a file another user owns (EACCES)',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (ir.user.uid !== 0 || !ir.capabilities.includes('CAP_CHOWN') || ir.capabilities.includes('CAP_DAC_OVERRIDE'))
        throw new Error(`${ir.name} is no longer root with CAP_CHOWN and without CAP_DAC_OVERRIDE`);
      const file = `${scratchTmpfs(ir)}/dac-${RUN_ID}`;
      await p.probe(`create ${file}`, ['write', file], 'ok');
      await p.probe(`write ${file} as its owner`, ['write', file], 'ok');
      await p.probe(`chown ${file} 1234:1234`, ['chown', file, '1234', '1234'], 'ok');
      await p.probe(`write ${file} owned by 1234 (mode 0644)`, ['write', file], EACCES);
    }),
};

/** Without CAP_CHOWN, a process cannot give its own file to root (the kernel's EPERM). */
export const CHOWN_NOT_GRANTED: EnforcementCheck = {
  name: 'chown to another owner fails with EPERM without CAP_CHOWN',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (ir.capabilities.includes('CAP_CHOWN')) throw new Error(`${ir.name} now has CAP_CHOWN`);
      const file = `${scratchTmpfs(ir)}/chown-${RUN_ID}`;
      await p.probe(`create ${file}`, ['write', file], 'ok');
      // To its own uid:gid it may (no capability needed): the call itself is allowed by the filter.
      await p.probe(`chown ${file} to itself`, ['chown', file, String(ir.user.uid), String(ir.user.gid)], 'ok');
      await p.probe(`chown ${file} 0:0`, ['chown', file, '0', '0'], EPERM);
    }),
};

/**
 * clone3 fails with ENOSYS, so that libc falls back to clone, whose flags the filter can read. The
 * kernel itself would answer clone3(NULL, 0) with EINVAL.
 */
export const CLONE3_ENOSYS: EnforcementCheck = {
  name: 'clone3 fails with ENOSYS (libc then falls back to clone)',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      const rule = ruleFor(ir, 'clone3');
      if (rule?.action.kind !== 'errno') throw new Error(`${ir.name} has no errno rule for clone3`);
      await p.probe('clone3(NULL, 0)', ['syscall', nr('clone3'), '0', '0'], rule.action.errno);
      if (rule.action.errno !== ENOSYS) p.findings.push(`the clone3 rule answers errno ${rule.action.errno}, not ENOSYS`);
    }),
};

/** True when the host kernel enforces AppArmor (these machines' does not). */
export function kernelHasAppArmor(): boolean {
  try {
    return readFileSync('/sys/module/apparmor/parameters/enabled', 'utf8').trim() === 'Y';
  } catch {
    return false;
  }
}

/**
 * `apparmor=NAME` reaches Docker and stays in HostConfig.SecurityOpt. Where the kernel has no
 * AppArmor, Docker 20.10 accepts it and runs the container unconfined without a word
 * (AppArmorProfile ''); where it has, the container must run under the profile.
 */
export const APPARMOR_OPTION: EnforcementCheck = {
  name: 'apparmor=NAME reaches Docker (and is silently unenforced where the kernel has no AppArmor)',
  check: async (c, ir, count) => {
    count();
    const i = await inspect(c);
    const findings: string[] = [];
    const option = `apparmor=${ir.apparmor.profileName}`;
    if (!((i.HostConfig.SecurityOpt ?? []) as string[]).includes(option)) findings.push(`HostConfig.SecurityOpt lacks ${option}`);
    const want = kernelHasAppArmor() ? ir.apparmor.profileName : '';
    if (i.AppArmorProfile !== want) findings.push(`AppArmorProfile is ${JSON.stringify(i.AppArmorProfile)}, want ${JSON.stringify(want)}`);
    return findings;
  },
};

/** The workload runs as the policy's uid:gid. */
export const USER_IDS: EnforcementCheck = {
  name: 'the workload runs as the declared uid:gid',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      await p.expect('id -u', ['id', '-u'], { code: 0, out: String(ir.user.uid) });
      await p.expect('id -g', ['id', '-g'], { code: 0, out: String(ir.user.gid) });
    }),
};

/** /proc/1/status: capability sets equal to the granted ones, NoNewPrivs, seccomp filter mode. */
export const PROCESS_STATUS: EnforcementCheck = {
  name: 'capability sets equal the granted set; NoNewPrivs 1; Seccomp 2 (/proc/1/status)',
  check: async (c, ir, count) => {
    count();
    return securityFindings(await procStatus(c), ir);
  },
};

/** The root file system refuses writes (EROFS) and every declared writable path takes them. */
export const WRITABLE_PATHS: EnforcementCheck = {
  name: 'the root file system is read-only and only the declared paths are writable',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (!ir.filesystem.rootReadonly) throw new Error(`${ir.name} has a writable root`);
      for (const dir of ['/etc', '/var/tmp', '/']) await p.probe(`write in ${dir}`, ['write', path.posix.join(dir, `secpol-${RUN_ID}`)], EROFS);
      for (const dir of ir.filesystem.writablePaths) await p.probe(`write in ${dir}`, ['write', path.posix.join(dir, `secpol-${RUN_ID}`)], 'ok');
    }),
};

/** Each noexec tmpfs refuses to run a program copied onto it; a shell reports "Permission denied". */
export const TMPFS_NOEXEC: EnforcementCheck = {
  name: 'a noexec tmpfs refuses to execute a program copied onto it',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      const targets = writableTmpfs(ir).filter((t) => t.options.includes('noexec')).map((t) => t.target);
      if (targets.length === 0) throw new Error(`${ir.name} has no noexec tmpfs`);
      for (const t of targets) {
        const copy = path.posix.join(t, `busybox-${RUN_ID}`);
        await p.expect(`cp /bin/busybox ${copy}`, ['cp', '/bin/busybox', copy], { code: 0 });
        // Run from a shell inside, so the refusal is the kernel's answer to the workload's execve.
        await p.expect(`sh -c '${copy} true'`, ['sh', '-c', `${copy} true`], { code: 126, err: /Permission denied/ });
        await p.exec(['rm', '-f', copy]);
      }
    }),
};

/** Each tmpfs takes a file a MiB smaller than its size and refuses one a MiB larger (ENOSPC). */
export const TMPFS_SIZE: EnforcementCheck = {
  name: 'a tmpfs holds no more than its declared size',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      for (const t of writableTmpfs(ir)) {
        const file = path.posix.join(t.target, `fill-${RUN_ID}`);
        const dd = (mib: number) => ['dd', 'if=/dev/zero', `of=${file}`, `bs=${MiB}`, `count=${mib}`];
        await p.expect(`${Math.floor(t.sizeBytes / MiB) - 1} MiB into ${t.target}`, dd(Math.floor(t.sizeBytes / MiB) - 1), { code: 0 });
        await p.expect(`${Math.ceil(t.sizeBytes / MiB) + 1} MiB into ${t.target}`, dd(Math.ceil(t.sizeBytes / MiB) + 1), { code: 1, err: /No space left on device/ });
        await p.exec(['rm', '-f', file]);
      }
    }),
};

/** A fork loop stops (EAGAIN) before the pids limit; a few forks succeed. */
export const PIDS_LIMIT: EnforcementCheck = {
  name: 'the pids limit stops a fork loop',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      const limit = ir.limits.pids;
      if (limit === null) throw new Error(`${ir.name} has no pids limit`);
      await p.probe('fork 4 children', ['fork-bomb', '4'], 'ok');
      const r = await p.expect(`fork ${limit + 16} children`, [PROBE_IN_GUEST, 'fork-bomb', String(limit + 16)], { code: 1, out: /^errno=EAGAIN\(11\) after=\d+$/ });
      const made = Number(/after=(\d+)/.exec(r.stdout)?.[1]);
      if (!(made < limit)) p.findings.push(`fork loop made ${made} children under a pids limit of ${limit}`);
    }),
};

/** Published ports are exactly the policy's (HostConfig.PortBindings, `docker port`). */
export const PORT_BINDINGS: EnforcementCheck = {
  name: 'only the declared ports are published',
  check: async (c, ir, count) => {
    const findings: string[] = [];
    count();
    const bindings = (await inspect(c)).HostConfig.PortBindings ?? {};
    const want = expectedPortBindings(ir);
    if (JSON.stringify(sortKeys(bindings)) !== JSON.stringify(sortKeys(want)))
      findings.push(`HostConfig.PortBindings is ${JSON.stringify(bindings)}, the policy publishes ${JSON.stringify(want)}`);
    count();
    const port = await docker(['port', c]);
    const lines = port.stdout.split('\n').filter(Boolean).sort();
    const wantLines = ir.network.ports.map((p) => `${p.containerPort}/${p.protocol} -> ${p.hostIp ?? '0.0.0.0'}:${p.hostPort ?? ''}`).sort();
    if (JSON.stringify(lines) !== JSON.stringify(wantLines)) findings.push(`docker port lists ${JSON.stringify(lines)}, want ${JSON.stringify(wantLines)}`);
    return findings;
  },
};

/** The policy's TCP ports published on 127.0.0.1 at a fixed host port: the only ones the tests connect to. */
export function localTcpPorts(ir: PolicyIR): PortMapping[] {
  return ir.network.ports.filter((x) => x.protocol === 'tcp' && x.hostIp === '127.0.0.1' && x.hostPort !== null);
}

/**
 * Starts busybox httpd inside the container on `port`'s container port, as the workload would
 * serve, and fetches a page through 127.0.0.1 on the host port. The page lives at the top of the
 * first tmpfs (writing it needs only open and write, which every policy here allows).
 */
async function serveAndFetch(p: Prober, c: string, ir: PolicyIR, port: PortMapping): Promise<void> {
  const www = writableTmpfs(ir)[0]?.target ?? ir.filesystem.writablePaths.find((w) => w !== '/') ?? '/tmp';
  const page = `secpol ${RUN_ID} ${ir.name} ${port.containerPort}`;
  await p.expect('write the page', ['sh', '-c', `echo '${page}' > ${www}/index.html`], { code: 0 });
  const d = await p.execDetached(['httpd', '-f', '-p', String(port.containerPort), '-h', www]);
  p.findings.push(...outcome(`httpd -p ${port.containerPort}`, d, { code: 0 }));
  p.count();
  try {
    const res = await fetchLocal(port.hostPort!);
    if (res.status !== 200 || res.body.trim() !== page) p.findings.push(`127.0.0.1:${port.hostPort} answered ${res.status} ${JSON.stringify(res.body)}`);
  } catch (e) {
    p.findings.push(`127.0.0.1:${port.hostPort}: ${(e as Error).message}`);
  }
}

/** A TCP connection to 127.0.0.1 on each published port reaches the workload (busybox httpd started inside). */
export const PUBLISHED_PORT_REACHES: EnforcementCheck = {
  name: 'a connection to 127.0.0.1 on the published port reaches the workload',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      const ports = localTcpPorts(ir);
      if (ports.length === 0) throw new Error(`${ir.name} publishes no fixed TCP port on 127.0.0.1`);
      for (const port of ports) await serveAndFetch(p, c, ir, port);
    }),
};

// ── Attacks on the filter's conditions and on undeclared mounts ───────────────────────────────
//
// Each check below tries to get past one promise of the language: high bits above a 32-bit
// argument, a socket family or type outside `protocols`, a namespace flag to a clone allowed by name,
// a deny that carves one family out of a group. The refusals they expect can only come from the
// filter (or the mount), so a build that lacks the rule fails them.

/** A named constant of the kernel's headers (src/compiler/data/constants.ts), the same on every architecture. */
function constant(name: string): bigint {
  const v = constantValue(name);
  if (v === undefined) throw new Error(`no constant ${name}`);
  return BigInt(v);
}

/** A 64-bit syscall argument as the probe's `syscall` command takes it: 0x…. */
const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** Bit 32: above every argument the kernel reads as an int or unsigned int, seen by a seccomp filter all the same. */
const HIGH_BIT = 1n << 32n;

/** SIGCHLD, the exit signal of a plain fork (asm-generic/signal.h; the same on x86_64 and aarch64). */
const SIGCHLD = 17n;

/** htons(ETH_P_ALL): every protocol, in network byte order, as a packet socket's third argument. */
const ETH_P_ALL_BE = '0x300';

/** The probe's refusal lines for any of `errnos`, as one pattern. */
function refusedWith(errnos: readonly number[]): RegExp {
  return new RegExp(`^(?:${errnos.map((n) => errnoLine(n).replace(/[()]/g, '\\$&')).join('|')})$`);
}

/** Whether the policy's `protocols` grant `family` sockets of `type`. */
function grants(ir: PolicyIR, family: string, type: string): boolean {
  return ir.network.grants.some((g) => g.family === family && (g.type === null || g.type === type));
}

/**
 * `allow ioctl if arg1 != TIOCSTI` holds for every value of the 64-bit register. The kernel reads
 * ioctl's cmd as an unsigned int (fs/ioctl.c: `SYSCALL_DEFINE3(ioctl, unsigned int fd, unsigned
 * int cmd, unsigned long arg)`), so (1<<32)|TIOCSTI is TIOCSTI to it, while a filter comparing all
 * 64 bits lets it through. On fd -1 an ioctl the filter lets through gets EBADF from the kernel, so
 * EPERM can only be the filter's; TCGETS shows the filter does not refuse every ioctl.
 */
export const IOCTL_HIGH_BITS: EnforcementCheck = {
  name: 'ioctl(TIOCSTI) is refused with bits set above its 32-bit command too; ioctl(TCGETS) reaches the kernel',
  check: (c, _ir, count) =>
    probing(c, count, async (p) => {
      const [tcgets, tiocsti] = [constant('TCGETS'), constant('TIOCSTI')];
      await p.probe('ioctl(-1, TCGETS, 0)', ['syscall', nr('ioctl'), '-1', hex(tcgets), '0'], EBADF);
      await p.probe('ioctl(-1, TIOCSTI, 0)', ['syscall', nr('ioctl'), '-1', hex(tiocsti), '0'], EPERM);
      await p.probe('ioctl(-1, (1<<32)|TIOCSTI, 0)', ['syscall', nr('ioctl'), '-1', hex(HIGH_BIT | tiocsti), '0'], EPERM);
    }),
};

/**
 * `protocols tcp` reaches the filter, though `socket` comes from `@network-client` with no condition
 * written: stream sockets of inet and inet6 open with any type flags (SOCK_CLOEXEC, SOCK_NONBLOCK),
 * and everything else is refused with EPERM, the family with bits above its 32-bit int included
 * (net/socket.c reads `int family`). None of the refused sockets needs a capability (a UDP socket,
 * a NETLINK_ROUTE socket), so only the filter can refuse them.
 */
export const SOCKET_PROTOCOLS: EnforcementCheck = {
  name: 'socket() follows `protocols tcp`: TCP opens, UDP and netlink are refused (high bits included)',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (!grants(ir, 'inet', 'stream') || !grants(ir, 'inet6', 'stream') || grants(ir, 'inet', 'dgram') || grants(ir, 'netlink', 'dgram'))
        throw new Error(`${ir.name} no longer grants tcp without udp and netlink`);
      const [inet, inet6, netlink] = [constant('AF_INET'), constant('AF_INET6'), constant('AF_NETLINK')];
      const [stream, dgram] = [constant('SOCK_STREAM'), constant('SOCK_DGRAM')];
      const socket = (family: bigint, type: bigint) => ['syscall', nr('socket'), hex(family), hex(type), '0'];
      await p.probe('socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)', socket(inet, stream | constant('SOCK_CLOEXEC')), 'ok');
      await p.probe('socket(AF_INET6, SOCK_STREAM|SOCK_NONBLOCK, 0)', socket(inet6, stream | constant('SOCK_NONBLOCK')), 'ok');
      await p.probe('socket(AF_INET, SOCK_DGRAM, 0)', socket(inet, dgram), EPERM);
      await p.probe('socket(AF_NETLINK, SOCK_DGRAM, 0)', socket(netlink, dgram), EPERM);
      await p.probe('socket((1<<32)|AF_NETLINK, SOCK_DGRAM, 0)', socket(HIGH_BIT | netlink, dgram), EPERM);
    }),
};

/**
 * `allow clone` by name still refuses the namespace flags: clone(CLONE_NEWUSER|SIGCHLD) fails with
 * EPERM while a plain fork, clone(SIGCHLD), works. A user namespace needs no capability
 * (user_namespaces(7)), and on the test machines' kernels the same clone succeeds for a process
 * without capabilities and without this filter, so the EPERM is the filter's. The raw syscall is
 * used, not fork() or unshare(), so the filter sees exactly these flags.
 */
export const CLONE_NAMESPACES: EnforcementCheck = {
  name: 'clone(CLONE_NEWUSER) is refused (EPERM) though `allow clone` names it; a plain fork works',
  check: (c, _ir, count) =>
    probing(c, count, async (p) => {
      await p.probe('clone(SIGCHLD)', ['clone', hex(SIGCHLD)], 'ok');
      await p.probe('clone(CLONE_NEWUSER|SIGCHLD)', ['clone', hex(constant('CLONE_NEWUSER') | SIGCHLD)], EPERM);
    }),
};

/**
 * A non-root workload writes in each tmpfs the policy declares, also where the image has a folder
 * of root's, not writable by others (the test image's /run: root, 0755). The tmpfs is a new file
 * system, so the folder's owner and mode are not the mount's unless the runtime copies them (runc
 * does, for a tmpfs without `mode=`, and Docker starts its containers with runc): without
 * CAP_DAC_OVERRIDE the write then fails with EACCES.
 */
export const TMPFS_WRITABLE_BY_USER: EnforcementCheck = {
  name: "a tmpfs over a folder of root's in the image is writable by the non-root workload",
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (ir.user.uid === 0 || ir.image !== TEST_IMAGE) throw new Error(`${ir.name} no longer runs the test image as a non-root user`);
      const targets = ir.filesystem.tmpfs.filter((t) => !t.options.includes('ro')).map((t) => t.target);
      const rootOwned = targets.filter((t) => {
        const st = statSync(path.join(ENGINE_PATHS.rootfs, t), { throwIfNoEntry: false });
        return st !== undefined && st.isDirectory() && st.uid === 0 && (st.mode & 0o002) === 0;
      });
      if (rootOwned.length === 0) throw new Error(`${ir.name} has no tmpfs over a folder the test image gives to root`);
      for (const t of targets) {
        const file = path.posix.join(t, `owned-${RUN_ID}`);
        await p.probe(`write ${file} as ${ir.user.uid}:${ir.user.gid}${rootOwned.includes(t) ? ` (the image's ${t} is root's)` : ''}`, ['write', file], 'ok');
        await p.exec(['rm', '-f', file]);
      }
    }),
};

/**
 * /dev/shm and /dev/mqueue take no file unless the policy declares them: Docker mounts both
 * world-writable unless told otherwise, as runc's example config.json does, and creating a file in
 * /dev/mqueue creates a POSIX message queue (mq_overview(7)). Any refusal will do: EROFS (mounted read-only), EACCES (not the
 * workload's), ENOENT (not mounted; /dev is root's, mode 0755). A queue the probe did create
 * answers its write with EINVAL, and is removed.
 */
export const DEV_SHM_NOT_WRITABLE: EnforcementCheck = {
  name: '/dev/shm and /dev/mqueue, not declared, refuse to create a file (EROFS, EACCES or ENOENT)',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      // The policy's own mounts; secpol's read-only defaults over these two paths have no line.
      const declared = [...ir.filesystem.writablePaths, ...ir.filesystem.tmpfs.filter((t) => t.origin.line > 0).map((t) => t.target), ...ir.filesystem.mounts.map((m) => m.target)];
      for (const dir of ['/dev/shm', '/dev/mqueue']) {
        if (declared.some((d) => d === '/' || d === '/dev' || d === dir || d.startsWith(`${dir}/`))) throw new Error(`${ir.name} now declares ${dir}`);
        const file = `${dir}/secpol-${RUN_ID}`;
        await p.expect(`write ${file}`, [PROBE_IN_GUEST, 'write', file], { code: 1, out: refusedWith([EROFS, EACCES, ENOENT]) });
        await p.exec(['rm', '-f', file]);
      }
    }),
};

/**
 * `deny socket if arg0 == AF_PACKET` takes packet sockets away and nothing else: root with
 * CAP_NET_RAW and `protocols tcp, packet` opens a TCP socket, and is refused a packet socket (EPERM;
 * with NET_RAW granted the kernel would open it, so only the filter can refuse), also with bits
 * above the 32-bit family. A UDP socket stays refused: `protocols` does not grant it.
 */
export const SOCKET_CARVE_OUT: EnforcementCheck = {
  name: 'a conditional deny carves AF_PACKET out of socket(): TCP opens, packet sockets are refused (high bits included)',
  check: (c, ir, count) =>
    probing(c, count, async (p) => {
      if (ir.user.uid !== 0 || !ir.capabilities.includes('CAP_NET_RAW')) throw new Error(`${ir.name} is no longer root with CAP_NET_RAW`);
      if (!grants(ir, 'packet', 'raw') || !grants(ir, 'inet', 'stream') || grants(ir, 'inet', 'dgram')) throw new Error(`${ir.name} no longer grants tcp and packet without udp`);
      const [inet, packet] = [constant('AF_INET'), constant('AF_PACKET')];
      const socket = (family: bigint, type: bigint, proto = '0') => ['syscall', nr('socket'), hex(family), hex(type), proto];
      await p.probe('socket(AF_INET, SOCK_STREAM, 0)', socket(inet, constant('SOCK_STREAM')), 'ok');
      await p.probe('socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))', socket(packet, constant('SOCK_RAW'), ETH_P_ALL_BE), EPERM);
      await p.probe('socket((1<<32)|AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))', socket(HIGH_BIT | packet, constant('SOCK_RAW'), ETH_P_ALL_BE), EPERM);
      await p.probe('socket(AF_INET, SOCK_DGRAM, 0)', socket(inet, constant('SOCK_DGRAM')), EPERM);
    }),
};

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

/** What docker-run.test.ts and compose.test.ts prove inside the probe-root fixture's container. */
export const PROBE_ROOT_CHECKS: readonly EnforcementCheck[] = [
  DENIED_WITH_ERRNO,
  OUTSIDE_ALLOW_LIST,
  CLONE3_ENOSYS,
  KILLED_BY_RULE,
  SOCKET_CONDITIONS,
  CHOWN_GRANTED,
  ROOT_WITHOUT_DAC_OVERRIDE,
  WRITABLE_PATHS,
  TMPFS_NOEXEC,
  TMPFS_SIZE,
  PIDS_LIMIT,
  USER_IDS,
  PROCESS_STATUS,
  PORT_BINDINGS,
  PUBLISHED_PORT_REACHES,
  APPARMOR_OPTION,
];

/** What docker-run.test.ts and compose.test.ts prove inside the probe-user fixture's container. */
export const PROBE_USER_CHECKS: readonly EnforcementCheck[] = [
  OUTSIDE_ALLOW_LIST,
  CLONE3_ENOSYS,
  PTRACE_NOT_ALLOWED,
  NO_SOCKETS,
  CHOWN_NOT_GRANTED,
  WRITABLE_PATHS,
  TMPFS_NOEXEC,
  TMPFS_SIZE,
  PIDS_LIMIT,
  USER_IDS,
  PROCESS_STATUS,
  PORT_BINDINGS,
];

/**
 * What the Docker routes and runc prove inside the probe-filters fixture's container: a non-root user
 * whose filter conditions, `protocols` and tmpfs are attacked (runc skips the Docker-only checks).
 */
export const PROBE_FILTERS_CHECKS: readonly EnforcementCheck[] = [
  IOCTL_HIGH_BITS,
  SOCKET_PROTOCOLS,
  CLONE_NAMESPACES,
  TMPFS_WRITABLE_BY_USER,
  DEV_SHM_NOT_WRITABLE,
  OUTSIDE_ALLOW_LIST,
  CLONE3_ENOSYS,
  PTRACE_NOT_ALLOWED,
  CHOWN_NOT_GRANTED,
  WRITABLE_PATHS,
  TMPFS_NOEXEC,
  TMPFS_SIZE,
  PIDS_LIMIT,
  USER_IDS,
  PROCESS_STATUS,
  PORT_BINDINGS,
  PUBLISHED_PORT_REACHES,
  APPARMOR_OPTION,
];

/** What the Docker routes and runc prove inside the probe-carve fixture's container: root with NET_RAW, AF_PACKET denied. */
export const PROBE_CARVE_CHECKS: readonly EnforcementCheck[] = [
  SOCKET_CARVE_OUT,
  DEV_SHM_NOT_WRITABLE,
  OUTSIDE_ALLOW_LIST,
  CLONE3_ENOSYS,
  WRITABLE_PATHS,
  TMPFS_NOEXEC,
  TMPFS_SIZE,
  PIDS_LIMIT,
  USER_IDS,
  PROCESS_STATUS,
  PORT_BINDINGS,
  APPARMOR_OPTION,
];

/** Fixtures whose command ends by itself: the container must exit 0 instead of running on. */
export const RUNS_TO_EXIT: ReadonlySet<string> = new Set(['baseline-only']);

/**
 * What is wrong with a freshly started container: the start command failed; a command that ends
 * did not exit 0; a long-running one is not running, or its pid 1 never became the program the
 * command ends in (the fixture's `sleep`, or the stand-in script's final `exec sleep`); a stand-in
 * does not answer HTTP on 127.0.0.1 at its published ports; or its security state is not the policy's.
 */
export async function startFindings(s: Started, count: () => void): Promise<string[]> {
  const { ir } = s;
  const failed = outcome(`starting ${ir.name} (${s.route})`, s.start, { code: 0 });
  if (failed.length > 0) return failed;
  if (!s.container) return [`starting ${ir.name} (${s.route}) created no container`];
  if (RUNS_TO_EXIT.has(ir.name)) {
    count();
    const code = await waitExit(s.container);
    const state = (await inspect(s.container)).State;
    return code === 0 && state.Error === '' ? [] : [`${ir.name} exited ${code} (${state.Error || 'no error from the runtime'})`];
  }
  const findings: string[] = [];
  const program = ir.image === TEST_IMAGE ? (ir.command ?? []).join(' ') : standInScript(ir).trim().split('\n').pop()!.replace(/^exec /, '');
  let cmdline = '';
  for (const until = Date.now() + 10_000; Date.now() < until; await sleep(200)) {
    count();
    cmdline = (await exec(s.container, ['cat', '/proc/1/cmdline'])).stdout.split('\0').filter(Boolean).join(' ');
    if (cmdline === program) break;
  }
  if (cmdline !== program) findings.push(`pid 1 of ${ir.name} is ${JSON.stringify(cmdline)}, not ${JSON.stringify(program)}`);
  if (!(await inspect(s.container)).State.Running) findings.push(`${ir.name} is not running`);
  if (ir.image !== TEST_IMAGE && localTcpPorts(ir).length > 0) findings.push(...(await standInServes(s, count)));
  findings.push(...(await PROCESS_STATUS.check(s.container, ir, count)));
  return findings;
}

/**
 * The stand-in's own HTTP server answers on each published port. A stand-in whose script cannot make
 * its page folder (`mkdir -p /tmp/www`: the policy's filter may not allow mkdir, as the api example's
 * does not) prints so in its log and serves nothing; then busybox httpd is started in the container
 * (as PUBLISHED_PORT_REACHES does) so that the published port is still proven, and one warning names
 * the stand-in's problem. Any other silence is a finding.
 */
async function standInServes(s: Started, count: () => void): Promise<string[]> {
  const { ir } = s;
  const p = new Prober(s.container, count);
  const logs = await docker(['logs', s.container]);
  const cannotServe = /can't change directory to '\/tmp\/www'|can't create \/tmp\/www/.test(logs.stdout + logs.stderr);
  if (cannotServe)
    console.warn(`secpol e2e: the stand-in of ${ir.name} serves nothing: its script could not make /tmp/www (test/support/stand-ins.ts); serving with httpd instead`);
  for (const port of localTcpPorts(ir)) {
    if (cannotServe) {
      await serveAndFetch(p, s.container, ir, port);
      continue;
    }
    p.count();
    try {
      const res = await fetchLocal(port.hostPort!);
      if (res.status !== 200 || !res.body.includes('secpol stand-in')) p.findings.push(`127.0.0.1:${port.hostPort} answered ${res.status} ${JSON.stringify(res.body)}`);
    } catch (e) {
      p.findings.push(`127.0.0.1:${port.hostPort} of ${ir.name}: ${(e as Error).message}`);
    }
  }
  return p.findings;
}
