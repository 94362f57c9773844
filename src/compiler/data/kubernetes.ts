/**
 * Facts about Kubernetes that the advisory rules judge a policy by when it is built for a cluster
 * (`--target kubernetes`): what the Pod Security Standards allow (kubernetes.io/docs/concepts/
 * security/pod-security-standards, as of Kubernetes 1.32), and which sysctls the kubelet accepts
 * without a node-level allow-list (kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster).
 */

/** Sysctls the kubelet and the PSS baseline level accept in a pod: every other one needs `--allowed-unsafe-sysctls` on the node. */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_wmem',
]);

/** The one capability the PSS "restricted" level lets a container add (after dropping ALL). */
export const RESTRICTED_CAPABILITIES: ReadonlySet<string> = new Set(['CAP_NET_BIND_SERVICE']);

/** The SELinux types the PSS "baseline" level allows a pod to set (a user or role may not be set at all). */
export const PSS_SELINUX_TYPES: ReadonlySet<string> = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/**
 * The sysctls of the IPC namespace (ipc_namespaces(7)), which the API server refuses beside
 * `hostIPC` (as it refuses a `net.` one beside `hostNetwork`). The Kubernetes emitter keeps a copy
 * (it may not import this file), held equal by test/emitters/kubernetes.test.ts.
 */
export const IPC_SYSCTL_RE = /^(kernel\.(shm|msg|sem)|fs\.mqueue\.)/;

/** The kernel's EPERM: the default errno of a SeccompProfile, which has no `defaultErrnoRet`. */
export const SPO_DEFAULT_ERRNO = 1;
