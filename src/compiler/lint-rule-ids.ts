/**
 * The ids and names of `secpol lint`'s rules, so that the checks can judge `lint { ignore … }` without
 * importing the linter (imports flow from src/lint to the compiler, never back). The rules themselves
 * live in src/lint/rules/; a test holds this table and their registry equal. Ids are stable public
 * names: a rule that is retired keeps its id reserved.
 */

/** Rule id → kebab-case name, in the order the linter runs them. */
export const LINT_RULE_IDS: Readonly<Record<string, string>> = {
  SPL101: 'dangerous-capability',
  SPL102: 'root-user',
  SPL103: 'new-privileges-allowed',
  SPL104: 'root-group',
  SPL105: 'capability-not-effective',
  SPL201: 'host-network-namespace',
  SPL202: 'host-pid-namespace',
  SPL203: 'host-ipc-namespace',
  SPL204: 'host-uts-namespace',
  SPL205: 'host-cgroup-namespace',
  SPL206: 'user-namespace-maps-root',
  SPL207: 'user-namespace-needs-daemon',
  SPL301: 'docker-socket-mount',
  SPL302: 'host-root-mount',
  SPL303: 'sensitive-host-mount',
  SPL304: 'writable-root',
  SPL305: 'writable-host-bind',
  SPL306: 'executable-tmpfs',
  SPL307: 'write-everywhere',
  SPL308: 'tmpfs-over-kernel-interface',
  SPL309: 'deny-everything',
  SPL310: 'tmpfs-mode-overridden',
  SPL401: 'no-memory-limit',
  SPL402: 'no-pids-limit',
  SPL403: 'no-cpu-limit',
  SPL404: 'unlimited-swap',
  SPL501: 'seccomp-default-allow',
  SPL502: 'syscalls-beyond-capabilities',
  SPL503: 'personality-unrestricted',
  SPL504: 'ptrace-allowed',
  SPL505: 'bpf-allowed',
  SPL506: 'userfaultfd-allowed',
  SPL507: 'keyring-syscalls-allowed',
  SPL508: 'namespace-creation-allowed',
  SPL509: 'io-uring-allowed',
  SPL510: 'compat-architectures',
  SPL511: 'baseline-off',
  SPL512: 'socket-type-unmasked',
  SPL601: 'raw-sockets',
  SPL602: 'raw-protocol-without-net-raw',
  SPL603: 'port-on-all-interfaces',
  SPL604: 'socket-outside-protocols',
  SPL701: 'secret-in-environment',
  SPL702: 'untrusted-without-sandbox',
  SPL703: 'selinux-disabled',
  SPL704: 'apparmor-unconfined',
  SPL705: 'selinux-unconfined-type',
  SPL801: 'pod-security-restricted',
  SPL802: 'kubernetes-cannot-express',
};

/**
 * The compiler's former warning codes and the advisory rules that took each over when warnings and
 * lint rules became one system; `--explain W0103` and `ignore W0103` point to the rule. A test holds
 * it equal to the rules' own `replaces`.
 */
export const FORMER_WARNINGS: Readonly<Record<string, readonly string[]>> = {
  W0101: ['SPL101'],
  W0102: ['SPL201', 'SPL202', 'SPL203', 'SPL204', 'SPL205'],
  W0103: ['SPL102'],
  W0104: ['SPL301', 'SPL302', 'SPL303'],
  W0105: ['SPL401', 'SPL402', 'SPL404'],
  W0106: ['SPL103'],
  W0107: ['SPL304'],
  W0108: ['SPL603'],
  W0109: ['SPL105'],
  W0110: ['SPL207'],
  W0111: ['SPL703'],
  W0112: ['SPL704'],
  W0113: ['SPL705'],
  W0114: ['SPL508'],
  W0115: ['SPL512'],
  W0116: ['SPL310'],
  W0117: ['SPL604'],
};

/** The id of a rule given by id (`spl101`) or name (`dangerous-capability`), or undefined. */
export function lintRuleId(idOrName: string): string | undefined {
  const up = idOrName.toUpperCase();
  if (LINT_RULE_IDS[up] !== undefined) return up;
  return Object.keys(LINT_RULE_IDS).find((id) => LINT_RULE_IDS[id] === idOrName.toLowerCase());
}
