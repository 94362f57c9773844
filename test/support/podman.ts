/**
 * Runs Kubernetes manifests with Podman 4.3's `kube play`, for the end-to-end tests of the
 * Kubernetes route: no cluster can run on these machines, but `kube play` turns a Deployment's pod
 * template into a real pod (an infra container holding the shared ipc, net and uts namespaces, and
 * one container per entry of `containers`) and runs it with runc. Containers are named
 * `POD-CONTAINER`, a Deployment's pods `NAME-pod-N` (one per replica); they are probed with
 * `podman exec` through the Executor of containers.ts, and removed with `podman pod rm -f`.
 *
 * These changes are made to the manifest before it is played, and the file played is kept
 * (`PodmanStarted.yamlFile`):
 * - every Deployment and Pod is renamed `secpol-e2e-RUNID-TAG-SUFFIX` (at most 56 characters: the pod's
 *   name is its hostname, which the kernel caps at 64) and its pods carry the label RUN_LABEL=RUN_ID,
 *   so that parallel test files never clash and a dead run's pods can be swept;
 * - each emptyDir volume is renamed after the pod (`NAME-e0`, …): Podman makes an emptyDir a volume
 *   named as the pod's volume, shared by every pod that names one alike, where a kubelet gives each
 *   pod its own; and one of `medium: Memory` is made beforehand as the tmpfs a kubelet makes of it
 *   (`podman volume create --opt type=tmpfs`, owned by the pod's user: a kubelet's is world-writable),
 *   where Podman would make an ext4 folder with the image folder's owner and mode. Its size cannot
 *   be set (Podman 4.3 takes `size=` for a disk quota), so tmpfs sizes are not judged on this route;
 * - a container whose `env` has no PATH gets Docker's default one: kube play starts a container
 *   with no PATH when its image sets none (the `docker import`ed test image sets none) and runc then
 *   finds no bare command such as `sleep`, where containerd and CRI-O give such a container the
 *   default PATH;
 * - container ports are left out unless `keepPorts`: Podman publishes a `containerPort` on the host
 *   (0.0.0.0, same number), which a kubelet never does (a Service does, apart from the pod);
 * - unless `keepSeccompFields`, each `seccompProfile` is also written as the annotation Kubernetes
 *   deprecated in 1.19 (`seccompAnnotations`): Podman 4.3 reads only those, and ignores the fields
 *   without a word (the pod then runs under Podman's own default profile, Seccomp 2 all the same).
 *
 * What kube play does with the rest of a pod spec differs from a kubelet in ways a test must know
 * (measured on Podman 4.3.1; the list is in the report that introduced this file):
 * - a `containerPort` without `hostPort` is published on the host, on 0.0.0.0 and the same port
 *   number: host ports are held with the same locks as the Docker routes' (containers.ts `lock`);
 * - an `emptyDir` is a Podman volume named after the pod's volume, not a tmpfs (`medium` and
 *   `sizeLimit` are ignored), and pods that name an emptyDir alike share it while they run;
 * - a `persistentVolumeClaim` is the named volume `claimName`, created on first use and kept after
 *   the pod: this session removes the ones it created (shared between processes as in containers.ts);
 * - a `hostPath` must exist unless its type is DirectoryOrCreate: missing sources are created empty
 *   for the test and removed afterwards (containers.ts `useBindSource`);
 * - `hostUsers: false` needs a `containers` range in /etc/subuid and /etc/subgid.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { alive, docker, ensureImage, lock, registerExecutor, RUN_ID, RUN_LABEL, runPid, unregisterExecutor, useBindSource, useShared } from './containers.js';
import { ENGINE_BIN, PODMAN_ENV, TEST_IMAGE } from './engines.js';
import { describeRun, run, type RunResult } from './run.js';

/**
 * The folder podman runs in: conmon writes a file named `oom` into its working directory when an
 * exec session is OOM-killed, which must not land in the repository.
 */
const PODMAN_CWD = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-podman-cwd-'));
process.on('exit', () => rmSync(PODMAN_CWD, { recursive: true, force: true }));

/** Runs the pinned podman with CONTAINERS_CONF=.engines/podman/containers.conf, in a folder of its own. */
export function podman(args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
  return run(ENGINE_BIN.podman, args, { env: PODMAN_ENV, timeoutMs, cwd: PODMAN_CWD });
}

/** A manifest played with `kube play`. */
export interface PodmanStarted {
  /** The name every Deployment and Pod of the manifest was renamed to. */
  readonly name: string;
  /** The pods kube play was asked to create (a Deployment: `NAME-pod-0` … one per replica). */
  readonly pods: readonly string[];
  /** Every container of those pods, `POD-CONTAINER`, each reachable by `exec` of containers.ts. */
  readonly containers: readonly string[];
  /** The first container of the first pod ('' when the manifest makes none): what a test probes. */
  readonly container: string;
  /** The manifest as played (renamed, labelled, seccomp annotations added). */
  readonly yamlFile: string;
  /** What `podman kube play` did. */
  readonly start: RunResult;
}

/** How `PodmanSession.play` may depart from the default changes to the manifest. */
export interface PlayOptions {
  /** Play the `seccompProfile` fields as written, without the annotations Podman 4.3 reads. */
  readonly keepSeccompFields?: boolean;
  /** Play the containers' `ports` (Podman then publishes each on the host). */
  readonly keepPorts?: boolean;
}

/** The parts of `podman inspect CONTAINER` these tests read. */
export interface PodmanInspected {
  readonly Name: string;
  readonly OCIRuntime: string;
  readonly AppArmorProfile: string;
  readonly EffectiveCaps: readonly string[] | null;
  readonly BoundingCaps: readonly string[] | null;
  readonly State: { readonly Status: string; readonly Running: boolean; readonly ExitCode: number; readonly OOMKilled: boolean; readonly Error: string };
  readonly Config: Readonly<Record<string, unknown>>;
  readonly HostConfig: Readonly<Record<string, unknown>>;
  readonly Mounts: readonly Readonly<Record<string, unknown>>[];
}

/** The annotation of the pod's seccomp profile that Podman 4.3 reads (Kubernetes deprecated it in 1.19). */
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
/** The prefix of one container's seccomp annotation, followed by the container's name. */
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** The one line a test file prints when its manifests get the seccomp annotations. */
export const SECCOMP_ANNOTATION_NOTICE =
  'secpol e2e: podman 4.3 reads seccomp profiles only from the deprecated seccomp annotations, never from ' +
  'securityContext.seccompProfile, so the podman route plays each seccompProfile also as its annotation ' +
  '(a nested localhostProfile copied to a flat name: podman reads only the first folder of the path)';

/** The parts of a manifest's documents that this file reads or changes; the rest passes through. */
interface SeccompProfileField {
  type?: string;
  localhostProfile?: string;
}
interface ObjectMeta {
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface ContainerDoc {
  name?: string;
  securityContext?: { seccompProfile?: SeccompProfileField; runAsUser?: number; runAsGroup?: number };
  env?: { name?: string; value?: string }[];
  volumeMounts?: { name?: string }[];
  ports?: { containerPort?: number; hostPort?: number }[];
}
interface PodSpecDoc {
  securityContext?: { seccompProfile?: SeccompProfileField; runAsUser?: number; runAsGroup?: number };
  containers?: ContainerDoc[];
  initContainers?: ContainerDoc[];
  volumes?: { name?: string; emptyDir?: { medium?: string }; persistentVolumeClaim?: { claimName?: string }; hostPath?: { path?: string; type?: string } }[];
}
interface ManifestDoc {
  kind?: string;
  metadata?: ObjectMeta;
  spec?: PodSpecDoc & { replicas?: number; template?: { metadata?: ObjectMeta; spec?: PodSpecDoc } };
}

/** The pod template (metadata and spec) of a Deployment or Pod document, or null for any other kind. */
function podOf(doc: ManifestDoc): { meta: ObjectMeta; spec: PodSpecDoc } | null {
  if (doc.kind === 'Pod') return { meta: (doc.metadata ??= {}), spec: (doc.spec ??= {}) };
  if (doc.kind !== 'Deployment') return null;
  const template = ((doc.spec ??= {}).template ??= {});
  return { meta: (template.metadata ??= {}), spec: (template.spec ??= {}) };
}

/** The containers of a pod spec, init containers first (kube play names both `POD-NAME`). */
function containersOf(spec: PodSpecDoc): ContainerDoc[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/**
 * The annotation value that says what one `seccompProfile` field says, in Podman 4.3's reading:
 * `localhost/FILE` (FILE under the profile root, with no folder: Podman takes the path's first part
 * only, so `operator/x.json` would read the folder `operator`), `runtime/default` or `unconfined`.
 * A nested Localhost profile is copied to a flat name in `root` when it exists there; a missing one
 * is named all the same, so that Podman fails on it as a kubelet would.
 */
function seccompAnnotation(field: SeccompProfileField, root: string): string | null {
  switch (field.type) {
    case 'RuntimeDefault':
      return 'runtime/default';
    case 'Unconfined':
      return 'unconfined';
    case 'Localhost': {
      const profile = field.localhostProfile ?? '';
      if (profile === '' || path.isAbsolute(profile) || profile.split('/').some((p) => p === '..' || p === ''))
        throw new Error(`seccompAnnotations: localhostProfile ${JSON.stringify(profile)} is not a descending relative path`);
      if (!profile.includes('/')) return `localhost/${profile}`;
      const flat = `secpol-flat-${profile.replace(/\//g, '__')}`;
      if (existsSync(path.join(root, profile))) copyFileSync(path.join(root, profile), path.join(root, flat));
      return `localhost/${flat}`;
    }
    default:
      return null;
  }
}

/**
 * Adds, to each Deployment's and Pod's pod annotations, the seccomp annotations that say what its
 * pod and container `seccompProfile` fields say (see `seccompAnnotation`); an annotation already
 * there is replaced, as the field wins on a kubelet. Changes `docs` in place.
 */
export function seccompAnnotations(docs: readonly ManifestDoc[], seccompProfileRoot: string): void {
  for (const doc of docs) {
    const pod = podOf(doc);
    if (!pod) continue;
    const set = (key: string, field: SeccompProfileField | undefined) => {
      const value = field && seccompAnnotation(field, seccompProfileRoot);
      if (value) pod.meta.annotations = { ...pod.meta.annotations, [key]: value };
    };
    set(SECCOMP_POD_ANNOTATION, pod.spec.securityContext?.seccompProfile);
    for (const c of containersOf(pod.spec)) set(`${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${c.name ?? ''}`, c.securityContext?.seccompProfile);
  }
}

/** The pods and containers kube play makes of one document, by Podman 4.3's naming. */
function podNames(doc: ManifestDoc): { pods: string[]; containers: string[] } {
  const pod = podOf(doc);
  if (!pod) return { pods: [], containers: [] };
  const name = doc.metadata?.name ?? '';
  const pods = doc.kind === 'Pod' ? [name] : Array.from({ length: doc.spec?.replicas ?? 1 }, (_, i) => `${name}-pod-${i}`);
  return { pods, containers: pods.flatMap((p) => containersOf(pod.spec).map((c) => `${p}-${c.name ?? ''}`)) };
}

/**
 * The PATH of a command run with `exec`. kube play gives a container no PATH when its image has
 * none (the test image is `docker import`ed: it has none), and runc then finds no bare command such
 * as `cat`; Docker gives its containers this default, so the checks run alike on every route.
 */
const EXEC_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

let swept: Promise<void> | undefined;

/** Removes the pods that test processes which died left behind (by the pid in their RUN_LABEL). */
function sweepDeadPods(): Promise<void> {
  swept ??= (async () => {
    const list = await podman(['pod', 'ps', '--filter', `label=${RUN_LABEL}`, '--format', `{{.Name}} {{index .Labels "${RUN_LABEL}"}}`]);
    const dead = list.stdout
      .split('\n')
      .map((l) => l.split(' '))
      .filter(([pod, value]) => {
        const pid = pod && value ? runPid(value) : null;
        return pid !== null && pid !== process.pid && !alive(pid);
      })
      .map(([pod]) => pod!);
    if (dead.length > 0) await podman(['pod', 'rm', '-f', '-t', '0', ...dead], 120_000);
  })();
  return swept;
}

/**
 * One test file's pods. Play manifests with `play`, remove each with `remove` when done, and call
 * `cleanup` in `afterAll`: it removes whatever is left, by name and by this process's label.
 */
export class PodmanSession {
  private readonly started = new Map<PodmanStarted, () => Promise<void>>();
  private readonly dirs: string[] = [];

  /** `tag` (a short word per test file) goes into every name, next to RUN_ID. */
  constructor(private readonly tag: string) {}

  /**
   * A Deployment or Pod name unique to this process and file: `secpol-e2e-RUNID-TAG-SUFFIX`, cut to
   * 56 characters (with a hash of the rest when cut) so that `NAME-pod-N` fits a hostname.
   */
  uniqueName(suffix: string): string {
    const full = `secpol-e2e-${RUN_ID}-${this.tag}-${suffix}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');
    if (full.length <= 56) return full;
    let hash = 0;
    for (const ch of full) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) >>> 0;
    return `${full.slice(0, 49)}-${hash.toString(36).padStart(6, '0').slice(-6)}`;
  }

  /**
   * Plays the manifest `yamlText` (one or more documents; kinds kube play does not know, such as
   * NetworkPolicy or the Security Profiles Operator's, are skipped by Podman itself) with
   * `podman --runtime RUNC kube play --seccomp-profile-root DIR FILE`, after the changes of this
   * file's header, and registers every container it makes for `exec`. `name` is the suffix of the
   * unique name (the policy's name, say). Holds the host ports, claimed volumes and host paths the
   * manifest uses until `remove`.
   */
  async play(name: string, yamlText: string, seccompProfileRoot: string, options: PlayOptions = {}): Promise<PodmanStarted> {
    await sweepDeadPods();
    const docs = yaml.loadAll(yamlText).filter((d): d is ManifestDoc => d !== null && typeof d === 'object');
    const unique = this.uniqueName(name);
    const memoryVolumes: { name: string; uid: number; gid: number }[] = [];
    for (const doc of docs) {
      const pod = podOf(doc);
      if (!pod) continue;
      doc.metadata = { ...doc.metadata, name: unique };
      pod.meta.labels = { ...pod.meta.labels, [RUN_LABEL]: RUN_ID };
      const renamed = new Map<string, string>();
      (pod.spec.volumes ?? []).forEach((v, i) => {
        if (v.emptyDir && v.name) renamed.set(v.name, (v.name = `${unique}-e${i}`));
        if (v.emptyDir?.medium === 'Memory' && v.name) {
          const first = containersOf(pod.spec)[0]?.securityContext;
          memoryVolumes.push({ name: v.name, uid: first?.runAsUser ?? pod.spec.securityContext?.runAsUser ?? 0, gid: first?.runAsGroup ?? pod.spec.securityContext?.runAsGroup ?? 0 });
        }
      });
      for (const c of containersOf(pod.spec)) {
        for (const m of c.volumeMounts ?? []) if (m.name && renamed.has(m.name)) m.name = renamed.get(m.name);
        if (!options.keepPorts) delete c.ports;
        if (!(c.env ?? []).some((e) => e.name === 'PATH')) c.env = [...(c.env ?? []), { name: 'PATH', value: EXEC_PATH.slice('PATH='.length) }];
      }
    }
    if (!options.keepSeccompFields) seccompAnnotations(docs, seccompProfileRoot);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-e2e-podman-'));
    this.dirs.push(dir);
    const yamlFile = path.join(dir, 'manifest.yaml');
    writeFileSync(yamlFile, docs.map((d) => yaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n'));
    const names = docs.map(podNames);
    const pods = names.flatMap((n) => n.pods);
    const containers = names.flatMap((n) => n.containers);
    const held = await holdHostResources(docs);
    const made: string[] = [];
    for (const v of memoryVolumes) {
      const r = await podman(['volume', 'create', '--opt', 'type=tmpfs', '--opt', 'device=tmpfs', '--opt', `o=uid=${v.uid},gid=${v.gid},nosuid,nodev`, v.name]);
      if (r.code !== 0) throw new Error(describeRun(`podman volume create ${v.name}`, r));
      made.push(v.name);
    }
    const release = async (): Promise<void> => {
      if (made.length > 0) await podman(['volume', 'rm', '-f', ...made]);
      await held();
    };
    const start = await podman(['--runtime', ENGINE_BIN.runc, 'kube', 'play', '--seccomp-profile-root', seccompProfileRoot, yamlFile], 180_000);
    for (const container of containers)
      registerExecutor(container, {
        exec: (args, timeoutMs) => podman(['exec', '--env', EXEC_PATH, container, ...args], timeoutMs),
        execDetached: (args) => podman(['exec', '-d', '--env', EXEC_PATH, container, ...args]),
      });
    const started: PodmanStarted = { name: unique, pods, containers, container: containers[0] ?? '', yamlFile, start };
    this.started.set(started, release);
    return started;
  }

  /** `podman logs CONTAINER`: the container's stdout and stderr so far. */
  logs(container: string): Promise<RunResult> {
    return podman(['logs', container]);
  }

  /** `podman inspect CONTAINER`, parsed. */
  async inspect(container: string): Promise<PodmanInspected> {
    const r = await podman(['inspect', container]);
    if (r.code !== 0) throw new Error(describeRun(`podman inspect ${container}`, r));
    return (JSON.parse(r.stdout) as PodmanInspected[])[0]!;
  }

  /** Removes the pods of one `play` (`podman pod rm -f -t 0`), then lets go of its host resources. */
  async remove(s: PodmanStarted): Promise<void> {
    const release = this.started.get(s);
    if (!release) return;
    this.started.delete(s);
    for (const container of s.containers) unregisterExecutor(container);
    try {
      if (s.pods.length > 0) {
        const r = await podman(['pod', 'rm', '-f', '-t', '0', ...s.pods], 120_000);
        if (r.code !== 0 && !/no pod with name or ID/.test(r.stderr)) console.warn(describeRun(`secpol e2e: podman pod rm ${s.pods.join(' ')}`, r));
      }
    } finally {
      await release();
    }
  }

  /** Removes every pod still there, any other pod labelled with this RUN_ID, and the manifests' folders. */
  async cleanup(): Promise<void> {
    for (const s of [...this.started.keys()]) await this.remove(s);
    const stray = await podman(['pod', 'ps', '-q', '--filter', `label=${RUN_LABEL}=${RUN_ID}`]);
    const ids = stray.stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await podman(['pod', 'rm', '-f', '-t', '0', ...ids], 120_000);
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What the manifest's pods need from the host, held until the returned function is called: the
 * host ports kube play publishes (`hostPort`, else `containerPort`: Podman 4.3 publishes both),
 * locked in ascending order under the Docker routes' keys; the claimed volumes, removed after the
 * last user when the tests created them; the host paths, created when missing.
 */
async function holdHostResources(docs: readonly ManifestDoc[]): Promise<() => Promise<void>> {
  const ports = new Set<number>();
  const claims = new Set<string>();
  const hostPaths = new Set<string>();
  for (const doc of docs) {
    const pod = podOf(doc);
    if (!pod) continue;
    for (const c of containersOf(pod.spec)) for (const p of c.ports ?? []) ports.add(Number(p.hostPort ?? p.containerPort));
    for (const v of pod.spec.volumes ?? []) {
      if (v.persistentVolumeClaim?.claimName) claims.add(v.persistentVolumeClaim.claimName);
      if (v.hostPath?.path && v.hostPath.type !== 'DirectoryOrCreate' && v.hostPath.type !== 'FileOrCreate') hostPaths.add(v.hostPath.path);
    }
  }
  const releases: (() => Promise<void> | void)[] = [];
  try {
    for (const port of [...ports].filter((p) => Number.isInteger(p) && p > 0).sort((a, b) => a - b)) releases.push(await lock(`port-${port}`));
    for (const claim of [...claims].sort()) releases.push(await useClaim(claim));
    for (const source of [...hostPaths].sort()) releases.push(await useBindSource(source));
  } catch (e) {
    for (const r of releases.reverse()) await r();
    throw e;
  }
  return async () => {
    for (const r of releases.reverse()) await r();
  };
}

/** Holds the Podman volume of a claim: kube play creates it; it is removed after its last user if the tests made it. */
function useClaim(claim: string): Promise<() => Promise<void>> {
  return useShared(
    `podman-volume-${claim}`,
    async () => (await podman(['volume', 'exists', claim])).code === 0,
    async () => claim,
    async () => {
      const r = await podman(['volume', 'rm', claim]);
      if (r.code !== 0 && !/no such volume/.test(r.stderr)) console.warn(describeRun(`secpol e2e: could not remove podman volume ${claim}`, r));
    },
  );
}

const podmanImages = new Map<string, Promise<void>>();

/**
 * Makes the policy's image available to Podman: the test image is loaded by the setup script; an
 * example's stand-in is made for Docker (containers.ts `ensureImage`) and copied into Podman's
 * store (`docker save | podman load`) when Podman has no image of that id under the name.
 */
export function ensurePodmanImage(ir: PolicyIR): Promise<void> {
  if (ir.image === TEST_IMAGE) return Promise.resolve();
  let ready = podmanImages.get(ir.image);
  if (!ready) {
    ready = (async () => {
      await ensureImage(ir);
      const unlock = await lock(`podman-image-${ir.image}`);
      try {
        const want = (await docker(['image', 'inspect', '--format', '{{.Id}}', ir.image])).stdout.trim().replace(/^sha256:/, '');
        const have = await podman(['image', 'inspect', '--format', '{{.Id}}', ir.image]);
        if (have.code === 0 && have.stdout.trim() === want) return;
        const load = await run('sh', ['-c', `"$1" save "$2" | CONTAINERS_CONF="$3" "$4" load -q`, 'sh', ENGINE_BIN.docker, ir.image, PODMAN_ENV.CONTAINERS_CONF ?? '', ENGINE_BIN.podman], { timeoutMs: 180_000 });
        if (load.code !== 0) throw new Error(describeRun(`docker save ${ir.image} | podman load`, load));
      } finally {
        unlock();
      }
    })();
    podmanImages.set(ir.image, ready);
  }
  return ready;
}
