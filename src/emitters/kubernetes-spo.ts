/**
 * The Security Profiles Operator's resources for a workload (security-profiles-operator.x-k8s.io/v1,
 * both cluster-scoped since SPO 0.9): a `SeccompProfile` with the same filter as the Docker and OCI
 * profiles, which SPO writes on every node as `operator/NAME.json` under the kubelet's seccomp folder,
 * and an `AppArmorProfile` in SPO's abstract form, which has allow-lists only. What that form cannot
 * carry is named in the resource's `secpol.dev/not-carried` annotation, and the full profile text is
 * shipped beside it for nodes that load profiles themselves (kubernetes.ts).
 *
 * No SelinuxProfile is written: a policy's `selinux` section chooses a label for the process (the
 * pod's `seLinuxOptions`), not a policy module, so there is nothing for SPO to install. The
 * Deployment and its patch name both profiles themselves; for pods a team cannot change (a vendor's
 * chart), `profileBindings` binds the seccomp profile by image, in a folder `kubectl apply -f
 * kubernetes/` does not read: a binding applies to every pod of its namespace that runs the image.
 */
import type { NetworkGrant, PolicyIR } from '../compiler/ir.js';
import { DNS_SUBDOMAIN_RE, kubeSubdomain, seccompProfileName } from './kubernetes-names.js';
import { CAPABILITY_RE, NAME_RE, PROFILE_NAME_RE, compareStrings, expectShape, internalError } from './quote.js';
import { flatFilter } from './seccomp-common.js';

const EMITTER = 'kubernetes';
const API_VERSION = 'security-profiles-operator.x-k8s.io/v1';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'secpol' } as const;

/** The annotation that says what an AppArmorProfile's abstract form leaves out of the policy's profile. */
export const NOT_CARRIED_ANNOTATION = 'secpol.dev/not-carried';

/** Where the Deployment finds the seccomp profile SPO installs: relative to the kubelet's seccomp folder. */
export function spoLocalhostProfile(ir: PolicyIR): string {
  return `operator/${seccompProfileName(expectShape(EMITTER, 'workload name', ir.name, NAME_RE))}.json`;
}

/** The AppArmorProfile's name, which is also the profile's name in the kernel of each node. */
export function apparmorResourceName(ir: PolicyIR): string {
  return kubeSubdomain(expectShape(EMITTER, 'AppArmor profile name', ir.apparmor.profileName, PROFILE_NAME_RE));
}

/** The SeccompProfile: SPO's spec has no `defaultErrnoRet`, so its default errno is the runtime's EPERM (SPL802 warns otherwise). */
export function seccompProfileResource(ir: PolicyIR): object {
  const f = flatFilter(ir.seccomp);
  const name = seccompProfileName(expectShape(EMITTER, 'workload name', ir.name, NAME_RE));
  if (!DNS_SUBDOMAIN_RE.test(name)) internalError(EMITTER, `SeccompProfile name ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  return {
    apiVersion: API_VERSION,
    kind: 'SeccompProfile',
    metadata: { name, labels: MANAGED_BY },
    spec: { defaultAction: f.defaultAction, architectures: f.architectures, syscalls: f.syscalls },
  };
}

const carries = (grants: readonly NetworkGrant[], type: 'stream' | 'dgram' | 'raw'): boolean =>
  grants.some((g) => (g.family === 'inet' || g.family === 'inet6') && (g.type === type || (g.type === null && type !== 'raw')));

/** Paths with and without `/**`, as SPO's lists need both a directory and what it holds. */
function withContents(paths: readonly string[]): string[] {
  return [...new Set(paths.flatMap((p) => (p === '/' ? ['/**'] : p.endsWith('*') ? [p] : [p, `${p}/**`])))].sort(compareStrings);
}

/** The AppArmorProfile in SPO's abstract form (allow-lists), and what of the policy it cannot say. */
export function apparmorProfileResource(ir: PolicyIR): object {
  const fs = ir.filesystem;
  const grants = ir.network.grants;
  const capabilities = [...new Set(ir.capabilities.map((c) => expectShape(EMITTER, 'capability', c, CAPABILITY_RE).slice('CAP_'.length).toLowerCase()))].sort(compareStrings);
  const reads = fs.readRestricted ? withContents(fs.paths.filter((p) => p.access === 'read').map((p) => p.path)) : ['/**'];
  const execs = fs.execRestricted ? withContents(fs.paths.filter((p) => p.access === 'exec').map((p) => p.path)) : ['/**'];
  const notCarried: string[] = [];
  const denies = fs.paths.filter((p) => p.access === 'deny').map((p) => p.path);
  if (denies.length > 0) notCarried.push(`deny rules for ${denies.join(', ')}`);
  const families = [...new Set(grants.filter((g) => g.family !== 'inet' && g.family !== 'inet6').map((g) => g.family))].sort(compareStrings);
  if (families.length > 0) notCarried.push(`network families ${families.join(', ')} (the abstract form has tcp, udp and raw only)`);
  notCarried.push('the fixed rules of the full profile: mount, remount, umount and pivot_root denials, ptrace and signal confinement, and the denied writes under /proc and /sys');
  return {
    apiVersion: API_VERSION,
    kind: 'AppArmorProfile',
    metadata: { name: apparmorResourceName(ir), labels: MANAGED_BY, annotations: { [NOT_CARRIED_ANNOTATION]: notCarried.join('; ') } },
    spec: {
      mode: 'Enforce',
      abstract: {
        capability: { allowedCapabilities: capabilities },
        executable: { allowedExecutables: execs },
        filesystem: { readOnlyPaths: reads, readWritePaths: withContents(fs.writablePaths) },
        network: { allowRaw: carries(grants, 'raw'), allowedProtocols: { allowTcp: carries(grants, 'stream'), allowUdp: carries(grants, 'dgram') } },
      },
    },
  };
}

/**
 * A ProfileBinding (namespaced: applied into the workload's namespace, which must carry the label
 * `spo.x-k8s.io/enable-binding`): SPO's webhook then gives every container of that namespace that
 * runs the policy's image the SeccompProfile, as a Localhost profile. Only seccomp: SPO binds one
 * profile per binding, and its AppArmor binding needs the AppArmor field its webhook sets per node.
 */
export function seccompProfileBinding(ir: PolicyIR): object {
  const name = seccompProfileName(expectShape(EMITTER, 'workload name', ir.name, NAME_RE));
  if (ir.image === '' || /\s/.test(ir.image)) internalError(EMITTER, `image ${JSON.stringify(ir.image)} is not an image reference`);
  return {
    apiVersion: API_VERSION,
    kind: 'ProfileBinding',
    metadata: { name, labels: MANAGED_BY },
    spec: { profileRef: { kind: 'SeccompProfile', name }, image: ir.image },
  };
}
