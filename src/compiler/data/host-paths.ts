/**
 * Host paths that a bind mount must not expose lightly: one list, read by the advisory rules
 * SPL301, SPL303 and SPL305.
 */

/** Container engine API sockets (Docker, containerd, Podman, CRI-O): whoever can write to one controls the host. */
export const ENGINE_SOCKETS: readonly string[] = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock',
  '/run/podman/podman.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
];

/** Host trees that hold the host's configuration, kernel interfaces, devices, binaries or containers' state. */
export const SENSITIVE_HOST_TREES: readonly string[] = ['/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/lib/docker', '/var/lib/containerd'];

/** The sensitive tree `path` is in or is, or undefined. */
export function sensitiveTreeOf(path: string): string | undefined {
  return SENSITIVE_HOST_TREES.find((t) => path === t || path.startsWith(`${t}/`));
}
