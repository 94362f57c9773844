/**
 * The four namespace rules share one shape: the IR says the namespace is the host's, the workload
 * says where (`network { mode host }`, `namespaces { pid host }`).
 */
import type { LintContext } from './context.js';
import type { RuleFinding } from './rule.js';

/** One finding when `shared` holds, at the statement that sets `key` (or the workload). */
export function hostNamespaceFinding(ctx: LintContext, shared: boolean, namespace: string, key: string, why: string): RuleFinding[] {
  return shared ? [{ message: `the workload shares the host's ${namespace} namespace: ${why}`, subject: namespace.toLowerCase(), region: ctx.setting(key) }] : [];
}
