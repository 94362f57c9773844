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

export { ENGINE_SOCKETS, SENSITIVE_HOST_TREES, sensitiveTreeOf } from '../compiler/data/host-paths.js';
