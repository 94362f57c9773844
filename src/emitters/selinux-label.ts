/**
 * The SELinux label in the two forms the emitters write: Docker's `label=PART:VALUE` security
 * options (moby splits each at the first `:`, so only the level may hold one) and the OCI
 * `user:role:type:level` strings. The checks refuse any part of another shape first; a part that
 * still has one here is an internal error, so a label value is never label syntax.
 */
import type { PolicyIR } from '../compiler/ir.js';
import { internalError } from './quote.js';

/** An SELinux identifier: the user, role or type part. */
const NAME_PART_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** An MLS/MCS level or range: `s0`, `s0:c100,c200`, `s0-s0:c0.c1023`. */
const LEVEL_RE = /^s[0-9]{1,2}(?::c[0-9]{1,4}(?:[.,]c[0-9]{1,4})*)?(?:-s[0-9]{1,2}(?::c[0-9]{1,4}(?:[.,]c[0-9]{1,4})*)?)?$/;

/**
 * What container-selinux gives a container when a part is not said: Docker's own defaults. The
 * level `s0` has no categories: config.json is byte-identical run after run, so it cannot draw the
 * random category pair Docker draws per container (docs/mapping.md).
 */
export const SELINUX_DEFAULTS = { user: 'system_u', role: 'system_r', type: 'container_t', fileType: 'container_file_t', level: 's0' } as const;

function part(emitter: string, what: 'user' | 'role' | 'type' | 'level', value: string): string {
  if (!(what === 'level' ? LEVEL_RE : NAME_PART_RE).test(value)) internalError(emitter, `SELinux ${what} ${JSON.stringify(value)} is not label-safe`);
  return value;
}

/** True when the policy says anything about the label besides disabling it. */
export function hasSelinuxLabel(ir: PolicyIR): boolean {
  const s = ir.selinux;
  return !s.disabled && (s.user !== null || s.role !== null || s.type !== null || s.level !== null);
}

/** Docker's `--security-opt` / Compose `security_opt` values: `label=disable`, or one `label=PART:VALUE` per part said, in label order. */
export function dockerLabelOptions(emitter: string, ir: PolicyIR): string[] {
  const s = ir.selinux;
  if (s.disabled) return ['label=disable'];
  const out: string[] = [];
  for (const what of ['user', 'role', 'type', 'level'] as const) {
    const v = s[what];
    if (v !== null) out.push(`label=${what}:${part(emitter, what, v)}`);
  }
  return out;
}

/** OCI `process.selinuxLabel` and `linux.mountLabel`, the parts not said filled with Docker's defaults; undefined without a label. */
export function ociLabels(emitter: string, ir: PolicyIR): { process: string; mount: string } | undefined {
  if (!hasSelinuxLabel(ir)) return undefined;
  const s = ir.selinux;
  const level = part(emitter, 'level', s.level ?? SELINUX_DEFAULTS.level);
  const user = part(emitter, 'user', s.user ?? SELINUX_DEFAULTS.user);
  return {
    process: `${user}:${part(emitter, 'role', s.role ?? SELINUX_DEFAULTS.role)}:${part(emitter, 'type', s.type ?? SELINUX_DEFAULTS.type)}:${level}`,
    // Files get the object role and container_file_t, at the process's level, as Docker labels them.
    mount: `${user}:object_r:${SELINUX_DEFAULTS.fileType}:${level}`,
  };
}

/** Docker's `-v` / Compose short-syntax relabel flag for a mount: `z` shared, `Z` private. */
export function relabelFlag(relabel: 'shared' | 'private'): 'z' | 'Z' {
  return relabel === 'shared' ? 'z' : 'Z';
}
