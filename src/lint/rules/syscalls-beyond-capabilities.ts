/**
 * Syscalls that do nothing but fail without a capability the workload does not hold (capabilities(7)
 * lists what each capability permits). Allowing them widens the kernel surface the workload reaches
 * for no function: Docker's default profile allows these only when the capability is granted.
 */
import type { Origin, SyscallDecision } from '../../compiler/ir.js';
import { decisionRules, groupsMentioning } from '../../compiler/ir-query.js';
import { capabilitiesGating } from '../../compiler/data/capability-syscalls.js';
import { ALL_SYSCALL_NAMES } from '../../compiler/data/syscall-table.js';
import { man, type LintRule } from '../rule.js';

/** The syscalls a capability gates, in the syscall table's order (the grants' order): only these can be reported. */
const GATED_IN_TABLE_ORDER: readonly string[] = ALL_SYSCALL_NAMES.filter((n) => capabilitiesGating(n) !== undefined);
const GATED: ReadonlySet<string> = new Set(GATED_IN_TABLE_ORDER);

/** SPL502: a group or name allows syscalls whose capability the workload lacks. */
export const syscallsBeyondCapabilities: LintRule = {
  id: 'SPL502',
  name: 'syscalls-beyond-capabilities',
  severity: 'warning',
  summary: 'A syscall group or rule allows syscalls that need a capability the workload does not hold.',
  rationale: 'Without the capability these syscalls can only fail (or, for the set*id calls, set the ids the process already has), so allowing them adds kernel surface for no function. If a capability is granted later, the filter should be reviewed with it.',
  fix: 'Allow narrower groups (`@identity` rather than `@set-identity`), or deny the listed syscalls by name; or grant the capability if the workload needs it.',
  reference: man('capabilities', 7),
  securitySeverity: 3.5,
  tags: ['security', 'seccomp', 'capabilities'],
  run: (ctx) => {
    const held = new Set(ctx.ir.capabilities);
    // One finding per statement and group (or per statement, for names written out): the syscalls it
    // lets through without their capability.
    const found = new Map<string, { via: string | null; names: string[]; caps: Set<string>; origin: Origin }>();
    // The policy's allow decisions of the gated syscalls (one pass: a policy decides a few hundred names).
    const allowed = new Map<string, SyscallDecision>();
    for (const d of ctx.ir.provenance.syscalls) if (!d.baseline && d.verb === 'allow') for (const n of d.names) if (GATED.has(n)) allowed.set(n, d);
    for (const name of GATED_IN_TABLE_ORDER) {
      const d = allowed.get(name);
      const needs = capabilitiesGating(name);
      if (!d || !needs || needs.some((c) => held.has(c))) continue;
      const g = decisionRules(ctx.ir, d);
      for (const rule of g.rules) {
        const groups = g.decision.explicit ? [null] : groupsMentioning(rule, name);
        for (const group of groups) {
          const key = `${rule.origin.file}:${rule.origin.line}:${rule.origin.column}:${group ?? ''}`;
          const entry = found.get(key) ?? { via: group, names: [], caps: new Set<string>(), origin: rule.origin };
          entry.names.push(name);
          for (const c of needs) entry.caps.add(c);
          found.set(key, entry);
        }
      }
    }
    return [...found.values()].map((e) => {
      const names = e.names.map((n) => `\`${n}\``).join(', ');
      const caps = [...e.caps].sort().map((c) => c.replace(/^CAP_/, '')).join(' or ');
      return {
        message: e.via ? `\`@${e.via}\` allows ${names}, which need ${caps}; the workload holds none` : `${names} ${e.names.length === 1 ? 'is' : 'are'} allowed but need${e.names.length === 1 ? 's' : ''} ${caps}; the workload holds none`,
        subject: e.via ? `@${e.via}` : e.names.join(','),
        region: ctx.at(e.origin),
      };
    });
  },
};
