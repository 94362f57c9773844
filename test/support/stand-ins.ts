/**
 * Stand-ins for the images the example policies name (nginx:1.27, postgres:16, …), which cannot be
 * pulled on these machines. A stand-in is the busybox test root file system plus a shell script at
 * the path of the workload's program that serves on the policy's port or idles, tagged locally with
 * the policy's exact image name. The enforcement under test is entirely real: the engines run the
 * artifacts as emitted; only the program inside the image is a stand-in.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { ENGINE_BIN, ENGINE_PATHS } from './engines.js';
import { runSync } from './run.js';

/** The program a stand-in runs: serves HTTP with busybox httpd on each published port, or idles. */
export function standInScript(ir: PolicyIR): string {
  const ports = [...new Set(ir.network.ports.filter((p) => p.protocol === 'tcp').map((p) => p.containerPort))];
  const lines = ['#!/bin/sh', `# stand-in for ${ir.image}: the policy's program is not available offline`, 'echo "secpol stand-in" > /tmp/index.html 2>/dev/null'];
  for (const p of ports) lines.push(`busybox httpd -f -p ${p} -h /tmp &`);
  lines.push('exec sleep 3600');
  return lines.join('\n') + '\n';
}

/** Where the workload's program lives in the stand-in: the command's (or entrypoint's) first word, resolved like Docker's PATH. */
export function programPath(ir: PolicyIR): string {
  const first = ir.entrypoint?.[0] ?? ir.command?.[0] ?? '/usr/local/bin/stand-in';
  return first.startsWith('/') ? first : `/usr/local/bin/${first}`;
}

/** Builds the stand-in root file system for a policy under .engines/stand-ins/NAME/rootfs and returns it. */
export function standInRootfs(ir: PolicyIR): string {
  return standInRootfsAt(ir, join(ENGINE_PATHS.rootfs, '..', 'stand-ins', ir.name, 'rootfs'));
}

/** Builds the stand-in root file system for a policy in `dir` (replacing what is there) and returns it. */
export function standInRootfsAt(ir: PolicyIR, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '..'), { recursive: true });
  cpSync(ENGINE_PATHS.rootfs, dir, { recursive: true, verbatimSymlinks: true });
  const prog = join(dir, programPath(ir));
  mkdirSync(join(prog, '..'), { recursive: true });
  writeFileSync(prog, standInScript(ir));
  chmodSync(prog, 0o755);
  // Mount points the policy names must exist in a read-only root.
  for (const t of [...ir.filesystem.tmpfs.map((m) => m.target), ...ir.filesystem.mounts.map((m) => m.target), ...(ir.workdir ? [ir.workdir] : [])])
    if (!existsSync(join(dir, t))) mkdirSync(join(dir, t), { recursive: true });
  return dir;
}

/** Imports the stand-in as a Docker image named exactly as the policy's image; returns the name. */
export function standInImage(ir: PolicyIR): string {
  const rootfs = standInRootfs(ir);
  const cmd = JSON.stringify(ir.command ?? ir.entrypoint ?? [programPath(ir)]);
  const tar = runSync('tar', ['--numeric-owner', '-C', rootfs, '-cf', join(rootfs, '..', 'rootfs.tar'), '.'], { timeoutMs: 120_000 });
  if (tar.code !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  const imp = runSync(ENGINE_BIN.docker, ['import', '--change', `CMD ${cmd}`, join(rootfs, '..', 'rootfs.tar'), ir.image], { timeoutMs: 120_000 });
  if (imp.code !== 0) throw new Error(`docker import failed: ${imp.stderr}`);
  return ir.image;
}
