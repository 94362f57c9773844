/**
 * The names a workload has on Kubernetes. A secpol name (`[a-z0-9][a-z0-9_.-]{0,62}`) may hold `_`
 * and `.` and end in `-`, which a DNS-1123 label (a container's, a volume's, a label's value) may
 * not; those characters become `-` and a trailing `-` is dropped. The mapping is deterministic, and
 * the rule SPL802 (`src/lint/rules/kubernetes-cannot-express.ts`, which may not import emitters and
 * keeps its own copy, held equal by test/emitters/kubernetes.test.ts) warns when it changes a name.
 */

/** A DNS-1123 label: what Kubernetes accepts as a container, volume or port name and a label value. */
export const DNS_LABEL_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The name part of a label key: 63 characters at most, [A-Za-z0-9_.-], starting and ending with a letter or digit. */
export const LABEL_NAME_RE = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

/** A DNS-1123 subdomain: what Kubernetes accepts as an object name (Deployment, SeccompProfile, …): dot-separated labels, 253 characters at most. */
export const DNS_SUBDOMAIN_RE = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A name as a DNS-1123 label: `_` and `.` become `-`, trailing `-` dropped (never empty: names start with [a-z0-9]). */
export function kubeLabel(name: string): string {
  return name.replace(/[_.]/g, '-').replace(/-+$/, '');
}

/** A name as a DNS-1123 subdomain: `_` becomes `-` and a trailing `-` or `.` is dropped; where dots still do not part labels (`a..b`, `a.-b`), its label form. */
export function kubeSubdomain(name: string): string {
  const s = name.replace(/_/g, '-').replace(/[-.]+$/, '');
  return DNS_SUBDOMAIN_RE.test(s) ? s : kubeLabel(name);
}

/** The label that marks a pod as a member of a network the policy joins (`join NAME`). */
export function networkLabelKey(network: string): string {
  // A label key's name may hold `_` and `.`, so two networks Docker keeps apart stay apart; only a
  // trailing `_`, `.` or `-` (a name must end in a letter or digit) is dropped.
  return `networks.secpol.dev/${LABEL_NAME_RE.test(network) ? network : network.replace(/[-_.]+$/, '')}`;
}

/** The name of the workload's SPO `SeccompProfile`, and so of its file on each node (`operator/NAME.json`). */
export function seccompProfileName(workload: string): string {
  return `secpol-${kubeLabel(workload)}`;
}
