/**
 * What a policy says that a Kubernetes manifest cannot: each is one finding when the policy is built
 * for a cluster, with the node-level setting that does it where one exists. docs/mapping.md has the
 * same list as a table. The subject names the setting, so `ignore SPL802 pids "…"` accepts one.
 */
import { IPC_SYSCTL_RE, SAFE_SYSCTLS, SPO_DEFAULT_ERRNO } from '../../compiler/data/kubernetes.js';
import { firstSettingOrigin, settingOrigin } from '../../compiler/ir-query.js';
import { DNS_LABEL_RE, kubeLabel, kubeSubdomain } from '../kubernetes-names.js';
import type { LintRule, RuleFinding } from '../rule.js';

/** SPL802: a setting the Kubernetes target has no field for. */
export const kubernetesCannotExpress: LintRule = {
  id: 'SPL802',
  name: 'kubernetes-cannot-express',
  severity: 'warning',
  summary: 'The policy says something the Kubernetes manifest cannot carry.',
  rationale:
    'Kubernetes leaves some settings to the node (the kubelet\'s and the container runtime\'s configuration) and has no field for others. On a cluster the workload then runs without them unless the nodes are set up to give them: a policy reviewed for a pids limit or a ulimit does not get it from the manifest.',
  fix: 'Set the node-level equivalent the finding names on every node that runs the workload, then suppress the finding with where that is done (`lint { ignore SPL802 pids "podPidsLimit: 256 in the kubelet configuration" }`).',
  reference: { title: 'Kubernetes, Pod and container securityContext fields', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
  securitySeverity: 3.0,
  tags: ['security', 'kubernetes', 'portability'],
  targets: ['kubernetes'],
  run: (ctx) => {
    const { ir } = ctx;
    const o = (key: string, value?: string) => settingOrigin(ir, key, value);
    const out: RuleFinding[] = [];
    const gap = (subject: string, message: string, origin: Parameters<typeof ctx.at>[0]): void => {
      out.push({ message, subject, region: ctx.at(origin) });
    };
    const name = kubeLabel(ir.name);
    if (name !== ir.name) gap('name', `the workload is named \`${name}\` on Kubernetes: a container's name is a DNS-1123 label, without \`_\` or \`.\``, o('name'));
    const profile = ir.apparmor.profileName;
    if (profile !== 'unconfined' && kubeSubdomain(profile) !== profile)
      gap('apparmor-profile', `the AppArmorProfile is named \`${kubeSubdomain(profile)}\`, and nodes that load \`${profile}\` themselves must load it under that name`, o('apparmor-profile'));
    if (ir.limits.pids !== null) gap('pids', `Kubernetes has no pids limit per container (the policy's is ${ir.limits.pids}): set \`podPidsLimit\` in the kubelet configuration of the nodes`, o('limits.pids'));
    if (ir.limits.ulimits.length > 0)
      gap('ulimits', `Kubernetes has no ulimits (${ir.limits.ulimits.map((u) => `${u.name} ${u.soft}:${u.hard}`).join(', ')}): set them as the container runtime's defaults on the nodes (CRI-O \`default_ulimits\`, containerd's service limits)`, firstSettingOrigin(ir, 'limits.ulimits'));
    const swapAllowed = ir.limits.memoryBytes !== null && (ir.limits.memorySwapBytes === null || ir.limits.memorySwapBytes > ir.limits.memoryBytes);
    if (swapAllowed) gap('memory-swap', 'a container\'s swap is not set per container: the kubelet\'s `memorySwap.swapBehavior` decides it for every pod of a node', o('limits.memory-swap'));
    for (const p of ir.network.ports)
      if (p.hostIp !== null || p.hostPort !== null) {
        const at = p.origin;
        gap('published-address', `port ${p.containerPort}/${p.protocol} is a container port only: the host address and port it is published on (${p.hostIp ?? '*'}:${p.hostPort ?? 'any'}) belong to a Service (\`type: NodePort\` or \`LoadBalancer\`, \`loadBalancerSourceRanges\`)`, at);
      }
    if (ir.network.mode.kind === 'named') gap('network', `Kubernetes has no Docker networks: the pod joins the cluster network, not \`${ir.network.mode.name}\`; a NetworkPolicy is written only for \`join\` and \`none\``, o('network.mode'));
    if (ir.namespaces.uts === 'host') gap('uts-namespace', 'a pod cannot share only the host\'s UTS namespace (it does with `hostNetwork`)', o('namespaces.uts'));
    if (ir.namespaces.cgroup === 'host') gap('cgroup-namespace', 'a pod cannot share the host\'s cgroup namespace: the runtime gives each container its own', o('namespaces.cgroup'));
    if (ir.namespaces.ipc === 'shareable') gap('ipc-namespace', 'a pod\'s containers always share one IPC namespace; `shareable` has no field', o('namespaces.ipc'));
    if (ir.namespaces.user === 'private' && (o('uid-map') !== null || o('gid-map') !== null))
      gap('id-maps', '`hostUsers: false` gives the pod a user namespace whose host range the kubelet chooses: the policy\'s `uid-map` and `gid-map` cannot be written', firstSettingOrigin(ir, 'uid-map') ?? firstSettingOrigin(ir, 'gid-map'));
    for (const t of ir.filesystem.tmpfs) {
      if (t.origin.line === 0) continue;
      const lost = [...t.options.filter((o) => o === 'noexec' || o === 'nosuid'), ...(t.mode !== null ? [`mode ${t.mode.toString(8).padStart(4, '0')}`] : []), ...(t.owner !== null ? [`owner ${t.owner.uid}:${t.owner.gid}`] : [])];
      if (lost.length > 0)
        gap('tmpfs-options', `tmpfs \`${t.target}\` is a memory-backed emptyDir, which has no mount options: ${lost.join(', ')} cannot be set (the kubelet mounts it world-writable, with exec)`, t.origin);
    }
    for (const m of ir.filesystem.mounts.filter((m) => m.relabel))
      gap('relabel', `\`relabel\` of \`${m.target}\` has no field: the kubelet relabels a pod's volumes from its \`seLinuxOptions\` on SELinux nodes`, o('relabel', m.target));
    const shared = (['network', 'pid', 'ipc'] as const).filter((k) => ir.namespaces[k] === 'host');
    if (ir.namespaces.user === 'private' && shared.length > 0)
      gap('user-namespace', `a pod in a user namespace (\`hostUsers: false\`) cannot share the host's ${shared.join(', ')} namespace, so the manifest leaves hostUsers out: the pod runs in the host's user namespace`, o('namespaces.user'));
    for (const s of ir.sysctls.filter((x) => (ir.namespaces.network === 'host' && x.name.startsWith('net.')) || (ir.namespaces.ipc === 'host' && IPC_SYSCTL_RE.test(x.name))))
      gap('sysctls', `\`${s.name}\` is left out: Kubernetes refuses a namespaced sysctl beside the host's ${s.name.startsWith('net.') ? 'network (`hostNetwork`)' : 'IPC namespace (`hostIPC`)'}`, o('sysctls', s.name));
    for (const s of ir.sysctls.filter((s) => !SAFE_SYSCTLS.has(s.name)))
      gap('sysctls', `\`${s.name}\` is an unsafe sysctl to the kubelet: it refuses the pod unless the node allows it (\`--allowed-unsafe-sysctls\`)`, o('sysctls', s.name));
    const d = ir.seccomp.defaultAction;
    if (d.kind === 'errno' && d.errno !== SPO_DEFAULT_ERRNO)
      gap('default-errno', `a SeccompProfile has no \`defaultErrnoRet\`: unlisted syscalls fail with EPERM, not errno ${d.errno}`, o('syscalls.default'));
    if (ir.hostname !== null && !DNS_LABEL_RE.test(ir.hostname)) gap('hostname', `the hostname \`${ir.hostname}\` is not a DNS-1123 label, and a pod's is: it is left out`, o('hostname'));
    return out;
  },
};
