/**
 * Settings of the IR in a reviewer's words, one line each, shared by `secpol diff` and `secpol
 * explain` so both say a setting the same way. Pure.
 */
import type { PolicyIR, SeccompArg } from './ir.js';

const OP_TEXT: Readonly<Record<SeccompArg['op'], string>> = { EQ: '==', NE: '!=', LT: '<', LE: '<=', GT: '>', GE: '>=', MASKED_EQ: '&' };

/** One alternative of conditions as the language writes them: `arg0 == 2 and arg1 & 0x10 == 0` (masks in hex, values in decimal). */
export function conditionText(args: readonly SeccompArg[]): string {
  return args.map((c) => (c.op === 'MASKED_EQ' ? `arg${c.index} & 0x${c.value.toString(16)} == ${c.valueTwo}` : `arg${c.index} ${OP_TEXT[c.op]} ${c.value}`)).join(' and ');
}

/**
 * Conditions after a verb: `if arg0 == 2 or arg0 == 10`. A rule's condition text from a carve-out of an
 * unconditional allow already reads `except when …` and takes no `if` or `when` of its own.
 */
export function conditionPhrase(word: 'if' | 'when', conditions: readonly string[]): string {
  const own = (c: string): boolean => c.startsWith('except when ');
  return conditions.some(own) ? conditions.map((c) => (own(c) ? c : `${word} ${c}`)).join(' or ') : `${word} ${conditions.join(' or ')}`;
}

/** Orders alternatives of conditions for reading: by argument, then by value as a number (so 2 before 10). */
export function compareConditions(a: readonly SeccompArg[], b: readonly SeccompArg[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const d = x.index - y.index || x.value - y.value || x.valueTwo - y.valueTwo || (x.op < y.op ? -1 : x.op > y.op ? 1 : 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

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
