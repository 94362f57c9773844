/**
 * Real servers for `secpol learn`'s end-to-end tests: the servers image (Debian's redis-server and
 * nginx-light, built by scripts/setup-engines.sh with debootstrap), the `secpol learn` command run on
 * a copy of a fixture, the learned policy built, and its config.json run with runc on a root file
 * system exported from the image (the docker run and Compose routes use containers.ts's Session).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { RUNTIME_BASELINE_NNP } from '../../src/compiler/data/syscall-groups.js';
import { emitAll, TARGETS } from '../../src/emitters/index.js';
import type { BuiltCase } from './cases.js';
import { DROP_APPARMOR } from './bundles.js';
import { registerExecutor, RUN_ID, sleep, unregisterExecutor } from './containers.js';
import { ENGINE_BIN, isCI, SERVERS_IMAGE } from './engines.js';
import { repoRoot } from './repo.js';
import { describeRun, run, runSync, type RunResult } from './run.js';

/** The learn command's JSON summary (src/learn LearnResult, plus the file and whether it changed). */
export interface LearnJson {
  readonly observed: readonly string[];
  readonly observedAll: readonly string[];
  readonly newlyAllowed: readonly string[];
  readonly neverObserved: readonly string[];
  readonly statements: readonly string[];
  readonly counts: readonly { arch: string; before: number; after: number }[];
  readonly changed: boolean;
}

/** A fixture learned into a temporary copy. */
export interface Learned {
  readonly file: string;
  readonly text: string;
  readonly summary: LearnJson;
  readonly run: RunResult;
}

const BIN = path.join(repoRoot, 'bin', 'secpol.js');

/**
 * Whether the servers image is there: SKIP loudly when not, FAIL under CI=true (a test named
 * `servers image is available` is added), as requireEngine does for an engine.
 */
export function requireServersImage(): { skip: boolean } {
  const r = runSync(ENGINE_BIN.docker, ['image', 'inspect', '--format', '{{index .Config.Labels "secpol.servers"}}', SERVERS_IMAGE], { timeoutMs: 20_000 });
  if (r.code === 0 && r.stdout.trim() !== '') return { skip: false };
  const why = `the servers image ${SERVERS_IMAGE} is missing; run \`bash scripts/setup-engines.sh\` as root to build it`;
  if (isCI()) test('servers image is available', () => {
    throw new Error(`secpol: end-to-end tests of secpol learn FAILED: ${why}`);
  });
  else console.warn(`secpol: end-to-end tests of secpol learn SKIPPED: ${why}`);
  return { skip: true };
}

/** Runs `secpol learn` on a temporary copy of the repository's `fixture` with `args`, `--write --format json`. */
export async function learnFixture(fixture: string, args: readonly string[]): Promise<Learned> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-learn-e2e-'));
  const file = path.join(dir, path.basename(fixture));
  copyFileSync(path.join(repoRoot, fixture), file);
  const r = await run(process.execPath, [BIN, 'learn', file, '--write', '--format', 'json', ...args], { timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(describeRun(`secpol learn ${fixture}`, r));
  return { file, text: readFileSync(file, 'utf8'), summary: JSON.parse(r.stdout) as LearnJson, run: r };
}

/** Compiles a policy file outside the repository and emits every target's artifacts; it must compile. */
export function buildFile(file: string): BuiltCase {
  const r = compile(file, readFileSync(file, 'utf8'), { readFile: () => undefined });
  if (!r.ir) throw new Error(`${file} does not compile: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return { name: file, ir: r.ir, files: new Map(emitAll(r.ir, TARGETS).map((a) => [a.path, a.content])) };
}

/** The syscalls a seccomp profile allows on `arch` (any rule whose action is allow), without the runtime baseline. */
export function allowedBeyondBaseline(profileJson: string, arch = 'SCMP_ARCH_X86_64'): string[] {
  const profile = JSON.parse(profileJson) as { syscalls?: { names: string[]; action: string; includes?: { arches?: string[] }; excludes?: { arches?: string[] } }[] };
  const baseline = new Set(RUNTIME_BASELINE_NNP);
  const names = new Set<string>();
  for (const rule of profile.syscalls ?? []) {
    if (rule.action !== 'SCMP_ACT_ALLOW') continue;
    if (rule.includes?.arches && !rule.includes.arches.includes(arch)) continue;
    if (rule.excludes?.arches?.includes(arch)) continue;
    for (const n of rule.names) if (!baseline.has(n)) names.add(n);
  }
  return [...names].sort();
}

let rootfs: string | undefined;

/** The servers image's file system, exported once per test file into a temporary folder (read-only roots share it). */
function serversRootfs(): string {
  if (rootfs) return rootfs;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-servers-rootfs-'));
  const created = runSync(ENGINE_BIN.docker, ['create', SERVERS_IMAGE, '/bin/true']);
  if (created.code !== 0) throw new Error(describeRun('docker create', created));
  const id = created.stdout.trim();
  try {
    const exported = spawnSync('sh', ['-c', `"$0" export "$1" | tar --numeric-owner -x -C "$2"`, ENGINE_BIN.docker, id, dir], { stdio: 'pipe' });
    if (exported.status !== 0) throw new Error(`docker export of ${SERVERS_IMAGE} failed: ${exported.stderr.toString()}`);
  } finally {
    runSync(ENGINE_BIN.docker, ['rm', '-f', id]);
  }
  // mkdtemp's 0700 would keep the servers' own users (redis, www-data) out of their root.
  chmodSync(dir, 0o755);
  rootfs = dir;
  return dir;
}

/** A server started with runc from a learned policy's config.json. */
export interface RuncServer {
  readonly id: string;
  readonly pid: number;
  readonly log: string;
}

const bundles: string[] = [];

/**
 * `runc run -d` of the policy's config.json (the artifact byte for byte, but for the root's path,
 * which points at the exported servers image, and `process.apparmorProfile` dropped on a kernel
 * without AppArmor, as test/support/bundles.ts does); `runc exec` reaches it through containers.ts's `exec`.
 */
export async function runcServer(built: BuiltCase, suffix: string): Promise<RuncServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-learn-bundle-'));
  bundles.push(dir);
  const config = JSON.parse(built.files.get('config.json')!) as { root: { path: string }; process: { apparmorProfile?: string } };
  config.root.path = serversRootfs();
  if (DROP_APPARMOR) delete config.process.apparmorProfile;
  writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  mkdirSync(path.join(dir, 'volumes'), { recursive: true });
  const id = `secpol-e2e-${RUN_ID}-learn-runc-${suffix}`;
  const log = path.join(dir, 'container.log');
  const started = await run('sh', ['-c', `exec "$0" run -d --bundle "$1" "$2" >>"$3" 2>&1 </dev/null`, ENGINE_BIN.runc, dir, id, log], { timeoutMs: 60_000 });
  if (started.code !== 0) throw new Error(describeRun(`runc run ${id}`, { ...started, stderr: `${started.stderr}${readFileSync(log, 'utf8')}` }));
  registerExecutor(id, {
    exec: (args, timeoutMs) => run(ENGINE_BIN.runc, ['exec', id, ...args], { timeoutMs }),
    execDetached: (args) => run(ENGINE_BIN.runc, ['exec', '-d', id, ...args]),
  });
  const state = await run(ENGINE_BIN.runc, ['state', id]);
  return { id, pid: (JSON.parse(state.stdout) as { pid: number }).pid, log };
}

/** Removes a runc server. */
export async function removeRuncServer(s: RuncServer): Promise<void> {
  unregisterExecutor(s.id);
  await run(ENGINE_BIN.runc, ['delete', '--force', s.id]);
}

/** Removes the bundles and the exported root file system. */
export function cleanupServers(): void {
  for (const dir of bundles.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (rootfs) rmSync(rootfs, { recursive: true, force: true });
  rootfs = undefined;
}

/** Runs `cmd` through `sh -c` on the host, inside the network namespace of `pid` (as learn's --exercise does). */
export function inNetns(pid: number, cmd: string, timeoutMs = 30_000): Promise<RunResult> {
  return run('nsenter', [`--net=/proc/${pid}/ns/net`, 'sh', '-c', cmd], { timeoutMs });
}

/** Retries `attempt` until it succeeds or `ms` pass; returns the last result. */
export async function until(attempt: () => Promise<RunResult>, ok: (r: RunResult) => boolean, ms = 20_000): Promise<RunResult> {
  const end = Date.now() + ms;
  for (;;) {
    const r = await attempt();
    if (ok(r) || Date.now() > end) return r;
    await sleep(300);
  }
}
