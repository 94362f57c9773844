/**
 * SELinux types that confine nothing: `spc_t`, the super-privileged container type that Docker and
 * container-selinux give privileged and `label=disable` containers, and `unconfined_t`, the
 * unconfined domain. A workload of either type is as free on an SELinux host as with no label.
 */
export const UNCONFINED_SELINUX_TYPES: ReadonlySet<string> = new Set(['spc_t', 'unconfined_t']);
