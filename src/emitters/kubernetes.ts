/**
 * The Kubernetes emitter (`--target kubernetes`): the workload on a cluster whose nodes get their
 * profiles from the Security Profiles Operator (SPO). Everything lands under `kubernetes/`, so that
 * `kubectl apply -f OUT/NAME/kubernetes/` applies what it holds (kubectl reads only `.yaml`, `.yml`
 * and `.json` files of a folder, and does not descend into `patch/`):
 *
 * - `deployment.yaml`: an apps/v1 Deployment whose pod carries every setting of the policy that
 *   Kubernetes can express (`securityContext`, resources, volumes, ports, host namespaces); with
 *   `--kubernetes-kind`, `statefulset.yaml`, `daemonset.yaml` or `pod.yaml` instead;
 * - `seccomp-profile.yaml`, `apparmor-profile.yaml`: SPO's resources (kubernetes-spo.ts), which SPO
 *   installs on every node; the Deployment names them as `Localhost` profiles;
 * - `network-policy.yaml`, when the policy's network says who may talk to the workload;
 * - `NAME.apparmor`: the full AppArmor profile, for nodes that load profiles themselves;
 * - `binding/seccomp-profile-binding.yaml`: an SPO ProfileBinding of the seccomp profile to the
 *   image, for pods a team cannot change;
 * - `patch/KIND.yaml`: a strategic-merge patch carrying the same security settings, for an object
 *   of that kind a team already has (none for a bare Pod) (`kubectl patch deployment NAME --patch-file …`, or a kustomize
 *   `patches:` entry), matched by the container's name.
 *
 * What Kubernetes cannot express (a pids limit, ulimits, a published host address…) is one warning
 * each, from the rule SPL802 when this target is built; docs/mapping.md has the table.
 *
 * The documents are built as plain objects typed with Kubernetes' own API types (kubernetes-models,
 * types only: nothing of it is shipped), so a misspelt field fails the type check, and written by
 * js-yaml, never by concatenating YAML text.
 */
import yaml from 'js-yaml';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { PolicyIR } from '../compiler/ir.js';
import { emitAppArmor } from './apparmor.js';
import { carries, KUBERNETES_KINDS, type Artifact, type EmitOptions, type KubernetesKind } from './artifact.js';
import { DNS_LABEL_RE, DNS_SUBDOMAIN_RE, kubeLabel, networkLabelKey } from './kubernetes-names.js';
import { apparmorProfileResource, apparmorResourceName, seccompProfileBinding, seccompProfileResource, spoLocalhostProfile } from './kubernetes-spo.js';
import {
  CAPABILITY_RE,
  ENV_NAME_RE,
  NAME_RE,
  SYSCTL_NAME_RE,
  VOLUME_RE,
  commentText,
  compareStrings,
  expectInteger,
  expectPlainPath,
  expectShape,
  internalError,
} from './quote.js';

const EMITTER = 'kubernetes';

/** The label every object of the workload carries, and the Deployment selects its pods by. */
const NAME_LABEL = 'app.kubernetes.io/name';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'secpol' } as const;

/** The annotation Kubernetes before 1.30 reads a container's AppArmor profile from (1.30+ read `appArmorProfile`). */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Sysctls of the IPC namespace (ipc_namespaces(7)): data/kubernetes.ts's, copied (an emitter may not import it). */
export const IPC_SYSCTL_RE = /^(kernel\.(shm|msg|sem)|fs\.mqueue\.)/;

/** Runtimes that sandbox the kernel: each needs a RuntimeClass of that name on the cluster (docs/kubernetes.md). */
const SANDBOX_RUNTIMES: ReadonlySet<string> = new Set(['runsc', 'kata']);

type Yaml = string | number | boolean | null | readonly Yaml[] | { readonly [key: string]: Yaml | undefined };

/**
 * Kubernetes expands `$(VAR)` in a container's command, args and env values, and reads `$$` as one
 * `$`: doubling every `$` keeps a policy's text exactly as written.
 */
const literal = (s: string): string => s.replace(/\$/g, '$$$$');

/** A quantity in bytes, in the largest binary unit that divides it exactly (`256Mi`), else in bytes. */
export function byteQuantity(bytes: number): string {
  const n = expectInteger(EMITTER, 'byte quantity', bytes, 0);
  for (const [unit, size] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const)
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  return String(n);
}

/** CPUs from thousandths: `2` or `500m`. */
export function cpuQuantity(milliCpus: number): string {
  const m = expectInteger(EMITTER, 'milli-CPUs', milliCpus, 1);
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/**
 * The CPU request that gives the container Docker's `--cpu-shares`: the kubelet turns a request of
 * R milli-CPUs into R × 1024 / 1000 shares, so shares S are S × 1000 / 1024 milli-CPUs, at least 1.
 */
export function cpuRequestForShares(shares: number): string {
  return cpuQuantity(sharesInMilliCpus(shares));
}

function sharesInMilliCpus(shares: number): number {
  return Math.max(1, Math.round((expectInteger(EMITTER, 'CPU shares', shares, 1) * 1000) / 1024));
}

/** Which security modules the nodes run (`--security-module`): their settings are written only for those. */
interface Hosts {
  readonly apparmor: boolean;
  readonly selinux: boolean;
}

interface Names {
  /** The Deployment's and the container's name, and the value of the name label. */
  readonly workload: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The pod's labels: the name label and one per network the policy joins. */
  readonly podLabels: Readonly<Record<string, string>>;
}

function names(ir: PolicyIR): Names {
  const workload = kubeLabel(expectShape(EMITTER, 'workload name', ir.name, NAME_RE));
  if (!DNS_LABEL_RE.test(workload)) internalError(EMITTER, `workload name ${JSON.stringify(workload)} is not a DNS-1123 label`);
  const labels = { [NAME_LABEL]: workload, ...MANAGED_BY };
  const podLabels: Record<string, string> = { [NAME_LABEL]: workload };
  const mode = ir.network.mode;
  if (mode.kind === 'networks') for (const n of mode.networks) podLabels[networkLabelKey(expectShape(EMITTER, 'network name', n.name, NAME_RE))] = 'member';
  return { workload, labels, podLabels };
}

/** The volumes and their mounts: tmpfs as memory-backed emptyDir, named volumes as claims, binds as host paths. */
function storage(ir: PolicyIR): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  const volumes: IVolume[] = [];
  const mounts: IVolumeMount[] = [];
  ir.filesystem.tmpfs.forEach((t, i) => {
    const name = `secpol-tmpfs-${i}`;
    volumes.push({ name, emptyDir: { medium: 'Memory', sizeLimit: byteQuantity(expectInteger(EMITTER, 'tmpfs size', t.sizeBytes, 1)) } });
    mounts.push({ name, mountPath: expectPlainPath(EMITTER, 'tmpfs target', t.target), readOnly: t.options.includes('ro') ? true : undefined });
  });
  ir.filesystem.mounts.forEach((m, i) => {
    const name = `secpol-data-${i}`;
    if (m.kind === 'volume') volumes.push({ name, persistentVolumeClaim: { claimName: kubeLabel(expectShape(EMITTER, 'volume name', m.source, VOLUME_RE).toLowerCase()), readOnly: m.readonly ? true : undefined } });
    else if (m.kind === 'bind') volumes.push({ name, hostPath: { path: expectPlainPath(EMITTER, 'bind source', m.source) } });
    else internalError(EMITTER, `unknown mount kind ${JSON.stringify((m as { kind: string }).kind)}`);
    mounts.push({ name, mountPath: expectPlainPath(EMITTER, 'mount target', m.target), readOnly: m.readonly ? true : undefined });
  });
  return { volumes, mounts };
}

/**
 * The container's securityContext: no privilege, no escalation, every capability dropped but the
 * policy's. The user and the SELinux label are written here too, not only for the pod: a container's
 * own value wins over the pod's, so in a team's Deployment the patch must set them where they win.
 */
function containerSecurity(ir: PolicyIR, hosts: Hosts): ISecurityContext {
  const add = [...new Set(ir.capabilities.map((c) => expectShape(EMITTER, 'capability', c, CAPABILITY_RE).slice('CAP_'.length)))].sort(compareStrings);
  const apparmor = ir.apparmor.profileName;
  return {
    runAsUser: expectInteger(EMITTER, 'uid', ir.user.uid, 0),
    runAsGroup: expectInteger(EMITTER, 'gid', ir.user.gid, 0),
    // false, not absent, for root: in a team's Deployment the patch must undo its own `runAsNonRoot: true`.
    runAsNonRoot: ir.user.uid !== 0,
    seLinuxOptions: hosts.selinux ? seLinuxOptions(ir) : undefined,
    allowPrivilegeEscalation: !ir.noNewPrivileges,
    privileged: false,
    readOnlyRootFilesystem: ir.filesystem.rootReadonly,
    capabilities: add.length > 0 ? { drop: ['ALL'], add } : { drop: ['ALL'] },
    seccompProfile: { type: 'Localhost', localhostProfile: spoLocalhostProfile(ir) },
    appArmorProfile: !hosts.apparmor ? undefined : apparmor === 'unconfined' ? { type: 'Unconfined' } : { type: 'Localhost', localhostProfile: apparmorResourceName(ir) },
  };
}

/** The SELinux label: Docker's `label=disable` is the unconfined container type `spc_t` on Kubernetes. */
function seLinuxOptions(ir: PolicyIR): ISecurityContext['seLinuxOptions'] {
  const se = ir.selinux;
  if (se.disabled) return { type: 'spc_t' };
  if (se.user === null && se.role === null && se.type === null && se.level === null) return undefined;
  return { user: se.user ?? undefined, role: se.role ?? undefined, type: se.type ?? undefined, level: se.level ?? undefined };
}

/** The pod's settings that are not the container's own: identity, SELinux, sysctls and host namespaces. */
function podSettings(ir: PolicyIR, volumes: IVolume[], hosts: Hosts): Omit<IPodSpec, 'containers'> {
  const { uid, gid } = ir.user;
  const groups = [...ir.user.additionalGids].sort((a, b) => a - b).map((g) => expectInteger(EMITTER, 'additional gid', g, 0));
  const sysctls = [...ir.sysctls].sort((a, b) => compareStrings(a.name, b.name)).map((s) => ({ name: expectShape(EMITTER, 'sysctl', s.name, SYSCTL_NAME_RE), value: s.value }));
  const ns = ir.namespaces;
  // The API server refuses a network sysctl beside hostNetwork and an IPC one beside hostIPC (SPL802 says so).
  const podSysctls = sysctls.filter((x) => !(ns.network === 'host' && x.name.startsWith('net.')) && !(ns.ipc === 'host' && IPC_SYSCTL_RE.test(x.name)));
  const runtime = ir.runtime.name;
  return {
    // The API token is a credential the policy never granted; service links are environment it never set.
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    hostNetwork: ns.network === 'host',
    hostPID: ns.pid === 'host',
    hostIPC: ns.ipc === 'host',
    // The API server refuses a pod in a user namespace that shares a host namespace (SPL802 says so).
    hostUsers: ns.user === 'private' && ns.network !== 'host' && ns.pid !== 'host' && ns.ipc !== 'host' ? false : undefined,
    hostname: ir.hostname !== null && DNS_LABEL_RE.test(ir.hostname) ? ir.hostname : undefined,
    runtimeClassName: runtime !== null && SANDBOX_RUNTIMES.has(runtime) ? expectShape(EMITTER, 'runtime', runtime, NAME_RE) : undefined,
    securityContext: {
      runAsUser: expectInteger(EMITTER, 'uid', uid, 0),
      runAsGroup: expectInteger(EMITTER, 'gid', gid, 0),
      runAsNonRoot: uid !== 0,
      supplementalGroups: groups.length > 0 ? groups : undefined,
      seLinuxOptions: hosts.selinux ? seLinuxOptions(ir) : undefined,
      sysctls: podSysctls.length > 0 ? podSysctls : undefined,
    },
    volumes: volumes.length > 0 ? volumes : undefined,
  };
}

/** The container's resources: the memory and CPU limits, the reservation and shares as requests. */
function resources(ir: PolicyIR): IContainer['resources'] {
  const l = ir.limits;
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  if (l.milliCpus !== null) limits.cpu = cpuQuantity(l.milliCpus);
  if (l.memoryBytes !== null) limits.memory = byteQuantity(l.memoryBytes);
  // A request above its limit is refused by the API server: the shares' request is capped at the CPU limit.
  if (l.cpuShares !== null && l.cpuShares > 0) requests.cpu = l.milliCpus !== null && sharesInMilliCpus(l.cpuShares) > l.milliCpus ? cpuQuantity(l.milliCpus) : cpuRequestForShares(l.cpuShares);
  if (l.memoryReservationBytes !== null && l.memoryReservationBytes > 0) requests.memory = byteQuantity(l.memoryReservationBytes);
  if (Object.keys(limits).length === 0 && Object.keys(requests).length === 0) return undefined;
  return { limits: Object.keys(limits).length > 0 ? limits : undefined, requests: Object.keys(requests).length > 0 ? requests : undefined };
}

function container(ir: PolicyIR, n: Names, mounts: IVolumeMount[], hosts: Hosts): IContainer {
  const env = [...ir.env].sort((a, b) => compareStrings(a.name, b.name)).map((e) => ({ name: expectShape(EMITTER, 'environment name', e.name, ENV_NAME_RE), value: literal(e.value) }));
  const ports = ir.network.ports.map((p) => ({ containerPort: expectInteger(EMITTER, 'container port', p.containerPort, 1, 65535), protocol: p.protocol === 'udp' ? ('UDP' as const) : ('TCP' as const) }));
  // Kubernetes' `command` is the image's ENTRYPOINT and `args` its CMD, as Docker has them.
  const command = ir.entrypoint !== null && ir.entrypoint.length > 0 ? ir.entrypoint.map(literal) : ir.entrypoint !== null && ir.command !== null ? ir.command.map(literal) : undefined;
  const args = ir.entrypoint !== null && ir.entrypoint.length === 0 ? undefined : ir.command?.map(literal);
  return {
    name: n.workload,
    image: ir.image,
    command,
    args,
    workingDir: ir.workdir === null ? undefined : expectPlainPath(EMITTER, 'working directory', ir.workdir),
    env: env.length > 0 ? env : undefined,
    ports: ports.length > 0 ? ports : undefined,
    resources: resources(ir),
    securityContext: containerSecurity(ir, hosts),
    volumeMounts: mounts.length > 0 ? mounts : undefined,
  };
}

/** The pod's network labels alone (undefined without `join`). */
function networkLabels(n: Names): Record<string, string> | undefined {
  const entries = Object.entries(n.podLabels).filter(([k]) => k !== NAME_LABEL);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The pod template's annotations: the AppArmor profile as clusters before 1.30 read it. */
function podAnnotations(ir: PolicyIR, n: Names, hosts: Hosts): Record<string, string> | undefined {
  if (!hosts.apparmor) return undefined;
  const profile = ir.apparmor.profileName === 'unconfined' ? 'unconfined' : `localhost/${apparmorResourceName(ir)}`;
  return { [`${APPARMOR_ANNOTATION_PREFIX}${n.workload}`]: profile };
}

/** The pod: its metadata and spec, as a template or as a Pod of its own. */
function podTemplate(ir: PolicyIR, n: Names, hosts: Hosts): IPodTemplateSpec & { spec: IPodSpec } {
  const { volumes, mounts } = storage(ir);
  return {
    metadata: { labels: n.podLabels, annotations: podAnnotations(ir, n, hosts) },
    spec: { ...podSettings(ir, volumes, hosts), containers: [container(ir, n, mounts, hosts)] },
  };
}

/** The object's kind and API group by `--kubernetes-kind`. */
const KIND: Readonly<Record<KubernetesKind, { readonly kind: string; readonly apiVersion: string; readonly title: string }>> = {
  deployment: { kind: 'Deployment', apiVersion: 'apps/v1', title: 'Kubernetes Deployment' },
  statefulset: { kind: 'StatefulSet', apiVersion: 'apps/v1', title: 'Kubernetes StatefulSet' },
  daemonset: { kind: 'DaemonSet', apiVersion: 'apps/v1', title: 'Kubernetes DaemonSet' },
  pod: { kind: 'Pod', apiVersion: 'v1', title: 'Kubernetes Pod' },
};

/**
 * The object that holds the pod: a Deployment (one replica), a StatefulSet (one replica; its
 * `serviceName` is the workload's, a headless Service the team provides for stable names), a
 * DaemonSet (a pod on every node) or a bare Pod.
 */
function workloadObject(ir: PolicyIR, n: Names, kind: KubernetesKind, hosts: Hosts): IDeployment | IStatefulSet | IDaemonSet | IPod {
  const template = podTemplate(ir, n, hosts);
  const metadata = { name: n.workload, labels: n.labels };
  const selector = { matchLabels: { [NAME_LABEL]: n.workload } };
  switch (kind) {
    case 'deployment':
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 1, selector, template } };
    case 'statefulset':
      return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec: { replicas: 1, serviceName: n.workload, selector, template } };
    case 'daemonset':
      return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec: { selector, template } };
    case 'pod':
      return { apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, labels: { ...n.labels, ...n.podLabels }, annotations: template.metadata?.annotations }, spec: template.spec };
    default:
      return internalError(EMITTER, `unknown Kubernetes kind ${JSON.stringify(kind)}`);
  }
}

/**
 * The strategic-merge patch: the pod's security settings without what a team's own manifest
 * decides (image, command, environment, ports, replicas), for an object of the same kind.
 * Containers merge by name, volumes by name and volume mounts by path; the capability lists are
 * replaced whole. (No patch for a bare Pod: most of a running Pod's spec cannot be changed.)
 */
function patch(ir: PolicyIR, n: Names, kind: Exclude<KubernetesKind, 'pod'>, hosts: Hosts): object {
  const pod = podTemplate(ir, n, hosts).spec;
  const c = pod.containers[0]!;
  const { containers: _, ...podRest } = pod;
  return {
    apiVersion: KIND[kind].apiVersion,
    kind: KIND[kind].kind,
    metadata: { name: n.workload },
    spec: {
      template: {
        // Only the network labels: the name label would break a team's own selector.
        metadata: { labels: networkLabels(n), annotations: podAnnotations(ir, n, hosts) },
        // A capability list the policy leaves empty is written `null`, which deletes the team's own
        // `add` in a strategic merge (an absent key would keep it).
        spec: { ...podRest, containers: [{ name: c.name, resources: c.resources, securityContext: { ...c.securityContext, capabilities: { drop: ['ALL'], add: c.securityContext?.capabilities?.add ?? (null as unknown as string[]) } }, volumeMounts: c.volumeMounts }] },
      },
    },
  };
}

/** The rules that decide who may reach the workload and whom it may reach, when its network says so. */
function networkPolicy(ir: PolicyIR, n: Names): INetworkPolicy | null {
  const mode = ir.network.mode;
  const meta = { name: n.workload, labels: n.labels };
  const podSelector = { matchLabels: { [NAME_LABEL]: n.workload } };
  // `network none`: no traffic either way (the pod keeps its loopback, as the container does).
  if (mode.kind === 'none') return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector, policyTypes: ['Ingress', 'Egress'] } };
  if (mode.kind !== 'networks') return null;
  const members: INetworkPolicyPeer[] = mode.networks.map((x) => ({ podSelector: { matchLabels: { [networkLabelKey(x.name)]: 'member' } } }));
  const ingress: NonNullable<INetworkPolicy['spec']>['ingress'] = [{ from: members }];
  const internalOnly = mode.networks.every((x) => x.internal);
  // A network with a route out publishes the workload's ports to everyone, as Docker does.
  if (!internalOnly && ir.network.ports.length > 0)
    ingress.push({ ports: ir.network.ports.map((p) => ({ port: p.containerPort, protocol: p.protocol === 'udp' ? 'UDP' : 'TCP' })) });
  if (!internalOnly) return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta, spec: { podSelector, policyTypes: ['Ingress'], ingress } };
  // Only internal networks: the members, and the cluster's DNS, which answers for them as Docker's
  // embedded DNS answers for the members of a network.
  const dns: INetworkPolicyPeer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta,
    spec: {
      podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress,
      egress: [{ to: members }, { to: [dns], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    },
  };
}

/** One YAML document: a header of comments, then the object (undefined fields left out). */
export function yamlDocument(header: string, doc: unknown): string {
  // Through JSON first: a field left `undefined` is left out, as Kubernetes reads an absent field.
  return header + yaml.dump(JSON.parse(JSON.stringify(doc)), { lineWidth: -1, noRefs: true, sortKeys: false, forceQuotes: true, quotingType: '"' });
}

function header(ir: PolicyIR, what: string, how: string): string {
  return `# ${what} for the workload "${commentText(ir.name)}", generated by secpol from "${commentText(ir.sourceFile)}". Do not edit.\n# ${how}\n`;
}

/** Emits the workload's Kubernetes manifests and SPO resources under `kubernetes/`; `options.kubernetesKind` chooses the object that holds the pod. */
export function emitKubernetes(ir: PolicyIR, options: EmitOptions = {}): Artifact[] {
  const kind = options.kubernetesKind ?? 'deployment';
  if (!KUBERNETES_KINDS.includes(kind)) internalError(EMITTER, `unknown Kubernetes kind ${JSON.stringify(kind)}`);
  const n = names(ir);
  const hosts: Hosts = { apparmor: carries(options, 'apparmor'), selinux: carries(options, 'selinux') };
  if (!DNS_SUBDOMAIN_RE.test(apparmorResourceName(ir)) && ir.apparmor.profileName !== 'unconfined') internalError(EMITTER, `AppArmor resource name ${JSON.stringify(apparmorResourceName(ir))} is not a DNS-1123 subdomain`);
  const out: Artifact[] = [];
  out.push({ path: `kubernetes/${kind}.yaml`, content: yamlDocument(header(ir, KIND[kind].title, 'Apply after the SPO resources beside it are installed: kubectl apply -f this folder.'), workloadObject(ir, n, kind, hosts)) });
  const np = networkPolicy(ir, n);
  if (np) out.push({ path: 'kubernetes/network-policy.yaml', content: yamlDocument(header(ir, 'NetworkPolicy', 'Enforced by the cluster\'s network plugin (Calico, Cilium…); a plugin without NetworkPolicy ignores it.'), np) });
  out.push({ path: 'kubernetes/seccomp-profile.yaml', content: yamlDocument(header(ir, 'Security Profiles Operator SeccompProfile', `SPO installs it on every node as ${spoLocalhostProfile(ir)} under the kubelet's seccomp folder.`), seccompProfileResource(ir)) });
  if (hosts.apparmor && ir.apparmor.profileName !== 'unconfined') {
    const aa = apparmorProfileResource(ir);
    out.push({ path: 'kubernetes/apparmor-profile.yaml', content: yamlDocument(header(ir, 'Security Profiles Operator AppArmorProfile', 'SPO loads it on every node; its annotation lists what its abstract form cannot carry.'), aa) });
    for (const a of emitAppArmor(ir)) out.push({ path: `kubernetes/${a.path}`, content: a.content });
  }
  out.push({ path: 'kubernetes/binding/seccomp-profile-binding.yaml', content: yamlDocument(header(ir, 'Security Profiles Operator ProfileBinding', 'For pods you cannot change: every container of the namespace (labelled spo.x-k8s.io/enable-binding) that runs the image gets the SeccompProfile.'), seccompProfileBinding(ir)) });
  if (kind !== 'pod')
    out.push({ path: `kubernetes/patch/${kind}.yaml`, content: yamlDocument(header(ir, 'Strategic-merge patch', `For an existing ${KIND[kind].kind} with a container named "${n.workload}": kubectl patch ${kind} NAME --patch-file this file.`), patch(ir, n, kind, hosts)) });
  return out;
}
