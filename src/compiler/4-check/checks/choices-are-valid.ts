/** Words that must be one of a fixed set: namespace modes, socket protocols. */
import type { Spanned } from '../../source.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { suggest } from '../../diagnostics/suggest.js';
import type { Check } from '../check.js';

/** Socket protocols a workload may declare, and what each grants. */
export const PROTOCOLS = ['tcp', 'udp', 'unix', 'raw', 'netlink', 'packet'] as const;

const NAMESPACE_MODES: Readonly<Record<string, readonly string[]>> = {
  pid: ['private', 'host'],
  ipc: ['private', 'shareable', 'host'],
  uts: ['private', 'host'],
  user: ['host', 'private'],
  cgroup: ['private', 'host'],
};

/** Namespace modes and protocols are known words. */
export const choicesAreValid: Check = {
  name: 'choices-are-valid',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const one = (v: Spanned<string> | null, what: string, choices: readonly string[]): void => {
      if (!v || choices.includes(v.value)) return;
      const guess = suggest(v.value, choices);
      out.push(diag('E0210', v.span, { text: v.value, what, choices: choices.map((c) => `\`${c}\``).join(', ') }, guess ? { suggestion: guess } : {}));
    };
    for (const [ns, modes] of Object.entries(NAMESPACE_MODES)) one(w.namespaces[ns as keyof typeof w.namespaces], `${ns} namespace mode`, modes);
    for (const p of w.network.protocols) one(p, 'protocol', PROTOCOLS);
    return out;
  },
};
