/**
 * Linux capabilities (kernel include/uapi/linux/capability.h, via generated/capability-rows.ts) and
 * the spelling rules for them.
 */
import { CAPABILITY_ROWS } from './generated/capability-rows.js';

/** One capability: its kernel macro name (`CAP_CHOWN`) and bit number. */
export interface Capability {
  readonly name: string;
  readonly value: number;
}

/** All 41 capabilities, CAP_CHOWN (0) … CAP_CHECKPOINT_RESTORE (40), by bit number. */
export const CAPABILITIES: readonly Capability[] = Object.freeze(
  CAPABILITY_ROWS.map(([name, value]) => Object.freeze({ name, value })),
);

/**
 * The 14 capabilities a container gets from `docker run` without --cap-add/--cap-drop (moby
 * daemon/pkg/oci/caps/defaults.go DefaultCapabilities()), canonical names, by bit number.
 */
export const DOCKER_DEFAULT_CAPABILITIES: readonly string[] = Object.freeze(
  CAPABILITY_ROWS.filter((r) => r[2]).map(([name]) => name),
);

const byUpperName = new Map(CAPABILITY_ROWS.map(([name]) => [name, name]));

/**
 * The canonical `CAP_*` name for `input`, or undefined when it names no capability. Case does not
 * matter and the `CAP_` prefix is optional, as in Docker's --cap-add (moby caps/utils.go
 * NormalizeLegacyCapabilities), so `net_bind_service`, `Net_Bind_Service` and `CAP_NET_BIND_SERVICE`
 * all give `CAP_NET_BIND_SERVICE`. Docker's `ALL` is not a capability and gives undefined: the caller
 * decides what `all` means. Nothing else is forgiven (no hyphens, no spaces); suggest() offers those.
 */
export function canonicalCapability(input: string): string | undefined {
  const upper = input.toUpperCase();
  return byUpperName.get(upper.startsWith('CAP_') ? upper : `CAP_${upper}`);
}
