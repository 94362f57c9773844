/**
 * The names a workload gets on Kubernetes, as the Kubernetes emitter gives them
 * (src/emitters/kubernetes-names.ts, which lint may not import; test/emitters/kubernetes.test.ts
 * holds the two equal): `_` and `.` become `-` in a DNS-1123 label, and a trailing `-` is dropped.
 */
export const kubeLabel = (name: string): string => name.replace(/[_.]/g, '-').replace(/-+$/, '');
/** A DNS-1123 label. */
export const DNS_LABEL_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** A DNS-1123 subdomain. */
export const DNS_SUBDOMAIN_RE = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const kubeSubdomain = (name: string): string => {
  const s = name.replace(/_/g, '-').replace(/[-.]+$/, '');
  return DNS_SUBDOMAIN_RE.test(s) ? s : kubeLabel(name);
};
