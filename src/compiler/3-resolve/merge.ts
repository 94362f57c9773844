/**
 * Merging a policy with the bases it extends. Bases are merged in the order they are written, and
 * the extending policy last, so the most specific statement wins: a later scalar replaces an earlier
 * one, keyed entries (env, sysctls, mounts by target, limits, ulimits) are replaced by key, grants
 * (ports, protocols, paths, groups) add up, `drop` removes a capability a base added, and a syscall
 * rule keeps the precedence of its file so the lowering lets the extending policy win.
 */
import type { KeyValueAst, MountAst, PathRuleAst, PublishAst, TmpfsAst, UlimitAst, WorkloadAst } from '../ast.js';
import type { Spanned } from '../source.js';

const byKey = <T>(items: readonly T[], key: (t: T) => string): T[] => {
  const m = new Map<string, T>();
  for (const it of items) {
    const k = key(it);
    m.delete(k); // re-insert so the winner takes the later position
    m.set(k, it);
  }
  return [...m.values()];
};

const last = <T>(xs: readonly (T | null)[]): T | null => xs.reduce<T | null>((a, b) => b ?? a, null);

/**
 * Merges workloads given from lowest to highest precedence. Each workload's syscall rules already
 * carry its precedence. A single workload is returned as it is.
 */
export function mergeWorkloads(ws: readonly WorkloadAst[]): WorkloadAst {
  if (ws.length === 1) return ws[0]!;
  const top = ws[ws.length - 1]!;
  const pick = <K extends keyof WorkloadAst>(k: K): WorkloadAst[K] => last(ws.map((w) => w[k] as WorkloadAst[K] | null)) as WorkloadAst[K];
  const all = <T>(f: (w: WorkloadAst) => readonly T[]): T[] => ws.flatMap(f);

  let caps: Spanned<string>[] = [];
  for (const w of ws) {
    const dropped = new Set(w.capabilities.drop.map((d) => norm(d.value)));
    caps = caps.filter((c) => !dropped.has(norm(c.value)));
    caps.push(...w.capabilities.add);
  }

  const attachedBy = [...ws].reverse().find((w) => w.network.mode !== null || w.network.joins.length > 0);

  return {
    name: top.name,
    image: pick('image'),
    entrypoint: pick('entrypoint'),
    command: pick('command'),
    workdir: pick('workdir'),
    env: byKey<KeyValueAst>(all((w) => w.env), (e) => e.name.value),
    hostname: pick('hostname'),
    user: pick('user'),
    groups: byKey(all((w) => w.groups), (g) => String(g.value)),
    noNewPrivileges: pick('noNewPrivileges'),
    apparmorProfile: pick('apparmorProfile'),
    // The label is one setting: the most specific file that writes `selinux` replaces the base's.
    selinux: pick('selinux'),
    runtime: pick('runtime'),
    untrusted: pick('untrusted'),
    arch: pick('arch'),
    network: {
      // Where the workload is attached is one setting: the most specific file that writes `mode` or
      // `join` replaces the base's (a base's `network none` does not clash with a child's `join`).
      mode: attachedBy?.network.mode ?? null,
      joins: attachedBy?.network.joins ?? [],
      publish: byKey<PublishAst>(all((w) => w.network.publish), (p) => `${p.hostIp?.value ?? ''}|${p.hostPort?.value ?? ''}|${p.containerPort.value}|${p.protocol.value}|${p.span.file.name}`),
      protocols: byKey(all((w) => w.network.protocols), (p) => `${p.value}|${p.span.file.name}`),
    },
    filesystem: {
      root: last(ws.map((w) => w.filesystem.root)),
      tmpfs: byKey<TmpfsAst>(all((w) => w.filesystem.tmpfs), (t) => t.target.value),
      mounts: byKey<MountAst>(all((w) => w.filesystem.mounts), (m) => m.target.value),
      paths: byKey<PathRuleAst>(all((w) => w.filesystem.paths), (p) => `${p.access} ${p.path.value} ${p.path.span.file.name}`),
    },
    capabilities: { add: caps, drop: all((w) => w.capabilities.drop) },
    syscalls: {
      defaultAction: last(ws.map((w) => w.syscalls.defaultAction)),
      baseline: last(ws.map((w) => w.syscalls.baseline)),
      rules: all((w) => w.syscalls.rules),
    },
    namespaces: {
      pid: last(ws.map((w) => w.namespaces.pid)),
      ipc: last(ws.map((w) => w.namespaces.ipc)),
      uts: last(ws.map((w) => w.namespaces.uts)),
      user: last(ws.map((w) => w.namespaces.user)),
      cgroup: last(ws.map((w) => w.namespaces.cgroup)),
    },
    // A file's mappings are one setting: the most specific file that writes any replaces the base's.
    idMaps: {
      uid: last(ws.map((w) => (w.idMaps.uid.length > 0 ? w.idMaps.uid : null))) ?? [],
      gid: last(ws.map((w) => (w.idMaps.gid.length > 0 ? w.idMaps.gid : null))) ?? [],
    },
    sysctls: byKey<KeyValueAst>(all((w) => w.sysctls), (s) => s.name.value),
    limits: {
      memory: last(ws.map((w) => w.limits.memory)),
      memorySwap: last(ws.map((w) => w.limits.memorySwap)),
      memoryReservation: last(ws.map((w) => w.limits.memoryReservation)),
      cpus: last(ws.map((w) => w.limits.cpus)),
      cpuShares: last(ws.map((w) => w.limits.cpuShares)),
      pids: last(ws.map((w) => w.limits.pids)),
      ulimits: byKey<UlimitAst>(all((w) => w.limits.ulimits), (u) => u.name.value),
      refused: all((w) => w.limits.refused),
    },
    // Suppressions add up along the chain, bases first: where two cover the same finding, lint takes
    // the last (the most specific file's). Repeats within one file stay, for the check to report.
    lint: { ignores: all((w) => w.lint.ignores) },
  };
}

/** Capability names compare without case or `CAP_` prefix. */
function norm(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}
