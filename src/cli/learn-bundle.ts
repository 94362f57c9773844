/**
 * An OCI bundle for a recorded run: the policy's (recording variant's) config.json, and a root file
 * system exported from the policy's image in Docker's store (`docker create` + `docker export`), as
 * a user would make one for runc. What config.json leaves to the image (the command when the policy
 * sets none, the image's environment) is filled in from the image, as Docker would run it.
 */
import { chownSync, existsSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { PolicyIR } from '../compiler/ir.js';
import { emitOci } from '../emitters/oci.js';
import { howItEnded, LearnFailure, runProgram, tail } from './learn-process.js';

/** The parts of config.json the bundle reads or fills in. */
interface OciConfig {
  process: { args?: string[]; env?: string[]; cwd?: string; user: { uid: number; gid: number } };
  root: { path: string };
  mounts: { destination: string; type: string; source: string }[];
  [key: string]: unknown;
}

/** What `docker image inspect` says of an image's defaults. */
interface ImageConfig {
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Env?: string[] | null;
}

/** A bundle on disk. */
export interface Bundle {
  readonly dir: string;
  /** process.args as runc will run them. */
  readonly args: readonly string[];
  /** The workload's program as runc's execve names it: PATH resolved inside the root file system. */
  readonly program: string;
  /** Whether the root file system has /bin/sh (for `--exec`). */
  readonly hasShell: boolean;
}

/** The image's defaults, or the failure that it is not in Docker's store. */
export async function imageConfig(docker: string, image: string): Promise<ImageConfig> {
  const r = await runProgram(docker, ['image', 'inspect', '--format', '{{json .Config}}', image], { timeoutMs: 60_000 });
  if (r.code !== 0)
    throw new LearnFailure(`the image \`${image}\` is not in Docker's image store: ${r.stderr.trim().split('\n')[0] ?? ''}`, 'pull or import it first (`docker pull`, `docker load`, `docker import`); learn runs the image the policy names');
  return (JSON.parse(r.stdout) as ImageConfig | null) ?? {};
}

/** `name` looked up on `path` inside `rootfs`, as runc's exec.LookPath does inside the container. */
export function resolveInRoot(rootfs: string, name: string, path: string): string | null {
  if (name.includes('/')) return name;
  for (const dir of path.split(':')) {
    if (!dir.startsWith('/')) continue;
    const file = `${dir.replace(/\/+$/, '')}/${name}`;
    try {
      lstatSync(join(rootfs, file));
      return file;
    } catch {
      continue;
    }
  }
  return null;
}

/** Writes the bundle for `ir` into `dir` (a new, empty folder). */
export async function makeBundle(docker: string, ir: PolicyIR, dir: string): Promise<Bundle> {
  const image = await imageConfig(docker, ir.image);
  const rootfs = join(dir, 'rootfs');
  mkdirSync(rootfs);
  const created = await runProgram(docker, ['create', ir.image, 'secpol-learn-export'], { timeoutMs: 60_000 });
  if (created.code !== 0) throw new LearnFailure(`\`docker create ${ir.image}\` ${howItEnded(created, 60)}:\n${tail(created.stderr)}`, 'check that dockerd runs (`docker info`)');
  const id = created.stdout.trim();
  try {
    const tar = join(dir, 'rootfs.tar');
    const exported = await runProgram(docker, ['export', '-o', tar, id], { timeoutMs: 300_000 });
    if (exported.code !== 0) throw new LearnFailure(`\`docker export\` of ${ir.image} ${howItEnded(exported, 300)}:\n${tail(exported.stderr)}`);
    const unpacked = await runProgram('tar', ['--numeric-owner', '-xf', tar, '-C', rootfs], { timeoutMs: 300_000 });
    if (unpacked.code !== 0) throw new LearnFailure(`unpacking ${ir.image}'s file system ${howItEnded(unpacked, 300)}:\n${tail(unpacked.stderr)}`);
  } finally {
    await runProgram(docker, ['rm', '-f', id], { timeoutMs: 60_000 });
  }

  const [artifact] = emitOci(ir, { securityModules: [] });
  const config = JSON.parse(artifact!.content) as OciConfig;
  // Docker's way with an image's defaults: the policy's command, else the image's entrypoint and cmd;
  // the image's variables under the policy's.
  if (config.process.args === undefined) {
    const args = [...(image.Entrypoint ?? []), ...(image.Cmd ?? [])];
    if (args.length === 0) throw new LearnFailure(`neither the policy nor the image \`${ir.image}\` says what to run`, 'add a `command` to the policy');
    config.process.args = args;
  }
  const nameOf = (e: string): string => e.split('=')[0]!;
  const policyNames = new Set(ir.env.map((v) => v.name));
  const fromImage = (image.Env ?? []).filter((e) => !policyNames.has(nameOf(e)));
  const imageNames = new Set(fromImage.map(nameOf));
  config.process.env = [...(config.process.env ?? []).filter((e) => !imageNames.has(nameOf(e))), ...fromImage].sort();
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);

  // A named volume is a folder of the bundle (docs/mapping.md); a host folder must exist.
  for (const m of config.mounts) {
    if (m.type !== 'bind') continue;
    if (!isAbsolute(m.source)) {
      const source = join(dir, m.source);
      mkdirSync(source, { recursive: true });
      chownSync(source, config.process.user.uid, config.process.user.gid);
    } else if (!existsSync(m.source)) throw new LearnFailure(`the policy binds \`${m.source}\`, which does not exist on this host`, 'create it, as you would before `docker run`');
  }

  const pathVar = (config.process.env.find((e) => e.startsWith('PATH=')) ?? 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').slice(5);
  const program = resolveInRoot(rootfs, config.process.args[0]!, pathVar);
  if (program === null) throw new LearnFailure(`\`${config.process.args[0]}\` is not in the image \`${ir.image}\` (PATH ${pathVar})`, 'check the policy\'s command');
  return { dir, args: config.process.args, program, hasShell: lstatExists(join(rootfs, 'bin', 'sh')) };
}

function lstatExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
