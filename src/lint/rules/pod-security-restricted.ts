/**
 * The Pod Security Standards' "restricted" level is what a namespace labelled
 * `pod-security.kubernetes.io/enforce: restricted` admits: a pod that fails one control is refused by
 * the API server. Each failed control is one finding at the statement that decides it.
 */
import { PSS_SELINUX_TYPES, RESTRICTED_CAPABILITIES, SAFE_SYSCTLS } from '../../compiler/data/kubernetes.js';
import { settingOrigin } from '../../compiler/ir-query.js';
import { hostBinds } from '../binds.js';
import type { LintRule, RuleFinding } from '../rule.js';

const PSS = { title: 'Kubernetes, Pod Security Standards (restricted)', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' };

/** SPL801: the manifest `--target kubernetes` writes would be refused by a namespace enforcing "restricted". */
export const podSecurityRestricted: LintRule = {
  id: 'SPL801',
  name: 'pod-security-restricted',
  severity: 'warning',
  summary: 'The Kubernetes manifest does not meet the Pod Security Standards "restricted" level.',
  rationale:
    'A namespace that enforces the "restricted" level (`pod-security.kubernetes.io/enforce: restricted`, the level most clusters ask of application workloads) refuses a pod that shares a host namespace, mounts a host path, runs as root, may gain privileges, adds a capability other than NET_BIND_SERVICE, runs unconfined by AppArmor or with a custom SELinux user, role or type, or sets an unsafe sysctl.',
  fix: 'Change the statement the finding names (run as a numeric non-root `user`, keep `no-new-privileges`, replace a host bind with a volume, add only NET_BIND_SERVICE), or deploy the workload into a namespace whose level is "baseline" or "privileged" and suppress with that reason.',
  reference: PSS,
  securitySeverity: 5.0,
  tags: ['security', 'kubernetes'],
  targets: ['kubernetes'],
  run: (ctx) => {
    const { ir } = ctx;
    const o = (key: string, value?: string) => settingOrigin(ir, key, value);
    const out: RuleFinding[] = [];
    const fail = (control: string, message: string, origin: Parameters<typeof ctx.at>[0]): void => {
      out.push({ message: `Pod Security "restricted", ${control}: ${message}`, subject: control, region: ctx.at(origin) });
    };
    if (ir.namespaces.network === 'host') fail('host-namespaces', 'the pod would use the host\'s network (`hostNetwork: true`)', o('network.mode'));
    if (ir.namespaces.pid === 'host') fail('host-namespaces', 'the pod would share the host\'s PID namespace (`hostPID: true`)', o('namespaces.pid'));
    if (ir.namespaces.ipc === 'host') fail('host-namespaces', 'the pod would share the host\'s IPC namespace (`hostIPC: true`)', o('namespaces.ipc'));
    for (const b of hostBinds(ctx)) out.push({ message: `Pod Security "restricted", host-path-volumes: \`${b.mount.source}\` would be a hostPath volume`, subject: 'host-path-volumes', region: b.region });
    if (ir.user.uid === 0) fail('running-as-non-root', 'the container would run as root (`runAsUser: 0`, no `runAsNonRoot`)', o('user'));
    if (!ir.noNewPrivileges) fail('privilege-escalation', '`allowPrivilegeEscalation` would be true', o('no-new-privileges'));
    for (const c of ir.capabilities.filter((c) => !RESTRICTED_CAPABILITIES.has(c)))
      fail('capabilities', `the container would add \`${c.replace(/^CAP_/, '')}\`, and only NET_BIND_SERVICE may be added`, o('capabilities.add', c));
    if (ir.apparmor.profileName === 'unconfined') fail('apparmor', 'the container would run `Unconfined` by AppArmor', o('apparmor-profile'));
    const se = ir.selinux;
    if (se.disabled) fail('selinux', 'SELinux off is written as the type `spc_t`, which is not allowed', o('selinux.disable') ?? o('selinux'));
    else {
      if (se.type !== null && !PSS_SELINUX_TYPES.has(se.type)) fail('selinux', `the SELinux type \`${se.type}\` is not one of ${[...PSS_SELINUX_TYPES].join(', ')}`, o('selinux.type'));
      if (se.user !== null) fail('selinux', 'an SELinux user may not be set', o('selinux.user'));
      if (se.role !== null) fail('selinux', 'an SELinux role may not be set', o('selinux.role'));
    }
    for (const s of ir.sysctls.filter((s) => !SAFE_SYSCTLS.has(s.name)))
      fail('sysctls', `\`${s.name}\` is not one of the safe sysctls`, o('sysctls', s.name));
    return out;
  },
};
