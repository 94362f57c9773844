/** Host bind mounts with the span of their source, for the rules about what they expose. */
import type { DataMount } from '../compiler/ir.js';
import { settingOrigin } from '../compiler/ir-query.js';
import type { LintContext, Region } from './context.js';

/** Every host bind of the IR, with the region of its source path (or its statement). */
export function hostBinds(ctx: LintContext): { mount: DataMount; region: Region }[] {
  return ctx.ir.filesystem.mounts.filter((m) => m.kind === 'bind').map((m) => ({ mount: m, region: ctx.at(settingOrigin(ctx.ir, 'bind.source', m.target) ?? m.origin) }));
}

export { ENGINE_SOCKETS, SENSITIVE_HOST_TREES, sensitiveTreeOf } from '../compiler/data/host-paths.js';
