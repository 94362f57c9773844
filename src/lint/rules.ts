/** Every lint rule, in the order they run and are listed (by id). Ids and names match src/compiler/lint-rule-ids.ts. */
import type { LintRule } from './rule.js';
import { apparmorUnconfined } from './rules/apparmor-unconfined.js';
import { baselineOff } from './rules/baseline-off.js';
import { bpfAllowed } from './rules/bpf-allowed.js';
import { capabilityNotEffective } from './rules/capability-not-effective.js';
import { compatArchitectures } from './rules/compat-architectures.js';
import { dangerousCapability } from './rules/dangerous-capability.js';
import { denyEverything } from './rules/deny-everything.js';
import { dockerSocketMount } from './rules/docker-socket-mount.js';
import { executableTmpfs } from './rules/executable-tmpfs.js';
import { hostCgroupNamespace } from './rules/host-cgroup-namespace.js';
import { hostIpcNamespace } from './rules/host-ipc-namespace.js';
import { hostNetworkNamespace } from './rules/host-network-namespace.js';
import { hostPidNamespace } from './rules/host-pid-namespace.js';
import { hostRootMount } from './rules/host-root-mount.js';
import { hostUtsNamespace } from './rules/host-uts-namespace.js';
import { ioUringAllowed } from './rules/io-uring-allowed.js';
import { keyringSyscallsAllowed } from './rules/keyring-syscalls-allowed.js';
import { namespaceCreationAllowed } from './rules/namespace-creation-allowed.js';
import { newPrivilegesAllowed } from './rules/new-privileges-allowed.js';
import { noCpuLimit } from './rules/no-cpu-limit.js';
import { noMemoryLimit } from './rules/no-memory-limit.js';
import { noPidsLimit } from './rules/no-pids-limit.js';
import { personalityUnrestricted } from './rules/personality-unrestricted.js';
import { kubernetesCannotExpress } from './rules/kubernetes-cannot-express.js';
import { podSecurityRestricted } from './rules/pod-security-restricted.js';
import { portOnAllInterfaces } from './rules/port-on-all-interfaces.js';
import { ptraceAllowed } from './rules/ptrace-allowed.js';
import { rawProtocolWithoutNetRaw } from './rules/raw-protocol-without-net-raw.js';
import { rawSockets } from './rules/raw-sockets.js';
import { rootGroup } from './rules/root-group.js';
import { rootUser } from './rules/root-user.js';
import { seccompDefaultAllow } from './rules/seccomp-default-allow.js';
import { secretInEnvironment } from './rules/secret-in-environment.js';
import { selinuxDisabled } from './rules/selinux-disabled.js';
import { selinuxUnconfinedType } from './rules/selinux-unconfined-type.js';
import { sensitiveHostMount } from './rules/sensitive-host-mount.js';
import { socketOutsideProtocols } from './rules/socket-outside-protocols.js';
import { socketTypeUnmasked } from './rules/socket-type-unmasked.js';
import { syscallsBeyondCapabilities } from './rules/syscalls-beyond-capabilities.js';
import { tmpfsModeOverridden } from './rules/tmpfs-mode-overridden.js';
import { tmpfsOverKernelInterface } from './rules/tmpfs-over-kernel-interface.js';
import { unlimitedSwap } from './rules/unlimited-swap.js';
import { untrustedWithoutSandbox } from './rules/untrusted-without-sandbox.js';
import { userNamespaceMapsRoot } from './rules/user-namespace-maps-root.js';
import { userNamespaceNeedsDaemon } from './rules/user-namespace-needs-daemon.js';
import { userfaultfdAllowed } from './rules/userfaultfd-allowed.js';
import { writableHostBind } from './rules/writable-host-bind.js';
import { writableRoot } from './rules/writable-root.js';
import { writeEverywhere } from './rules/write-everywhere.js';

/** The rules, ordered by id. */
export const LINT_RULES: readonly LintRule[] = [
  dangerousCapability,
  rootUser,
  newPrivilegesAllowed,
  rootGroup,
  capabilityNotEffective,
  hostNetworkNamespace,
  hostPidNamespace,
  hostIpcNamespace,
  hostUtsNamespace,
  hostCgroupNamespace,
  userNamespaceMapsRoot,
  userNamespaceNeedsDaemon,
  dockerSocketMount,
  hostRootMount,
  sensitiveHostMount,
  writableRoot,
  writableHostBind,
  executableTmpfs,
  writeEverywhere,
  tmpfsOverKernelInterface,
  denyEverything,
  tmpfsModeOverridden,
  noMemoryLimit,
  noPidsLimit,
  noCpuLimit,
  unlimitedSwap,
  seccompDefaultAllow,
  syscallsBeyondCapabilities,
  personalityUnrestricted,
  ptraceAllowed,
  bpfAllowed,
  userfaultfdAllowed,
  keyringSyscallsAllowed,
  namespaceCreationAllowed,
  ioUringAllowed,
  compatArchitectures,
  baselineOff,
  socketTypeUnmasked,
  rawSockets,
  rawProtocolWithoutNetRaw,
  portOnAllInterfaces,
  socketOutsideProtocols,
  secretInEnvironment,
  untrustedWithoutSandbox,
  selinuxDisabled,
  apparmorUnconfined,
  selinuxUnconfinedType,
  podSecurityRestricted,
  kubernetesCannotExpress,
];

/** The targets `secpol build` writes by default (the Kubernetes one is chosen by name). */
const DEFAULT_RULE_TARGETS: readonly string[] = ['seccomp', 'apparmor', 'oci', 'compose', 'docker-run'];

/** The rules that run when `targets` are built: every rule of the policy itself, and those judging one of them. */
export function rulesForTargets(targets: readonly string[]): readonly LintRule[] {
  return LINT_RULES.filter((r) => r.targets === undefined || r.targets.some((t) => targets.includes(t)));
}

/** The rules of a run with the default targets. */
export const DEFAULT_RULES: readonly LintRule[] = rulesForTargets(DEFAULT_RULE_TARGETS);

/** A rule by id. */
export const ruleById = (id: string): LintRule | undefined => LINT_RULES.find((r) => r.id === id);
