/** Host bind mounts with the span of their source, for the rules about what they expose. */
import type { DataMount } from '../compiler/ir.js';
import type { LintContext, Region } from './context.js';

/** Every host bind of the IR, with the region of its source path (or its statement). */
export function hostBinds(ctx: LintContext): { mount: DataMount; region: Region }[] {
  return ctx.ir.filesystem.mounts
    .filter((m) => m.kind === 'bind')
    .map((m) => {
      const ast = ctx.workload.filesystem.mounts.find((a) => a.kind === 'bind' && (a.target.value.length > 1 ? a.target.value.replace(/\/+$/, '') : a.target.value) === m.target);
      return { mount: m, region: ast ? ctx.at(ast.source.span) : ctx.atOrigin(m.origin) };
    });
}

/** Container engine sockets: whoever can write to one controls the host. */
export const ENGINE_SOCKETS: readonly string[] = ['/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock', '/run/podman/podman.sock', '/var/run/crio/crio.sock', '/run/crio/crio.sock'];

/** Host trees that hold the host's configuration, kernel interfaces, devices or binaries. */
export const SENSITIVE_HOST_TREES: readonly string[] = ['/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/lib/docker', '/var/lib/containerd'];
