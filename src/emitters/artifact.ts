import type { PolicyIR } from '../compiler/ir.js';

/** One generated file: a path relative to the workload's output folder, and its exact bytes as text. */
export interface Artifact {
  readonly path: string;
  readonly content: string;
}

/** The artifact kinds `secpol build --target` can select. */
export type TargetName = 'seccomp' | 'apparmor' | 'oci' | 'compose' | 'docker-run' | 'kubernetes';

/** The Kubernetes workload kinds the `kubernetes` target can write the pod into (`--kubernetes-kind`). */
export const KUBERNETES_KINDS = ['deployment', 'statefulset', 'daemonset', 'pod'] as const;
export type KubernetesKind = (typeof KUBERNETES_KINDS)[number];

/** The Linux security modules a host may run, whose settings the artifacts carry (`--security-module`). */
export const SECURITY_MODULES = ['apparmor', 'selinux'] as const;
export type SecurityModule = (typeof SECURITY_MODULES)[number];

/** How the build was asked to shape an artifact beyond the policy itself; each emitter reads what concerns it. */
export interface EmitOptions {
  /** The object that holds the pod in `kubernetes/` (default `deployment`). */
  readonly kubernetesKind?: KubernetesKind;
  /**
   * The security modules the target hosts run (default both): the artifacts name an AppArmor
   * profile only for `apparmor` and carry SELinux labels only for `selinux`, because a runtime
   * refuses a setting its host cannot load (runc will not start a config.json that names an AppArmor
   * profile on a host without AppArmor). Without `apparmor`, the `apparmor` target writes nothing.
   */
  readonly securityModules?: readonly SecurityModule[];
}

/** Whether the artifacts carry a security module's settings. */
export const carries = (options: EmitOptions | undefined, module: SecurityModule): boolean => (options?.securityModules ?? SECURITY_MODULES).includes(module);

/** An emitter: a pure function of the IR and the options. No file system, no clock, no environment, no mutation. */
export type Emitter = (ir: PolicyIR, options?: EmitOptions) => readonly Artifact[];
