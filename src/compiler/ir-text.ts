/**
 * Settings of the IR in a reviewer's words, one line each, shared by `secpol diff` and `secpol
 * explain` so both say a setting the same way. Pure.
 */
import type { PolicyIR } from './ir.js';

/** `network backend`, `networks backend (internal), frontend`, `bridge`. */
export function networkModeText(m: PolicyIR['network']['mode']): string {
  if (m.kind === 'named') return `network ${m.name}`;
  if (m.kind === 'networks') return `networks ${m.networks.map((n) => (n.internal ? `${n.name} (internal)` : n.name)).join(', ')}`;
  return m.kind;
}

/** `0 -> 100000 count 65536; 65536 -> 300000 count 1`. */
export function idMapText(ms: PolicyIR['namespaces']['uidMappings']): string {
  return ms.map((m) => `${m.containerId} -> ${m.hostId} count ${m.size}`).join('; ');
}

/** `disabled`, `the engine's label`, or the parts written (`type container_t, level s0:c1,c2`). */
export function selinuxText(s: PolicyIR['selinux']): string {
  if (s.disabled) return 'disabled';
  const parts = (['user', 'role', 'type', 'level'] as const).filter((k) => s[k] !== null).map((k) => `${k} ${s[k]}`);
  return parts.length === 0 ? "the engine's label" : parts.join(', ');
}
