/**
 * The five artifacts of one policy agree: for every example and golden case, the capability set,
 * the user, no-new-privileges, the read-only root, the writable mounts, the limits, the AppArmor
 * profile name, and the seccomp rules (Docker form vs OCI form) are read back out of each artifact
 * that can express them and compared.
 */
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { BUILT, type BuiltCase } from '../support/cases.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const views = (c: BuiltCase) => {
  const n = c.ir.name;
  const seccomp: Json = JSON.parse(c.files.get(`${n}.seccomp.json`)!);
  const oci: Json = JSON.parse(c.files.get('config.json')!);
  const compose: Json = (yaml.load(c.files.get('compose.yaml')!) as Json).services[n];
  const argv: string[] = JSON.parse(c.files.get('docker-run.json')!);
  const apparmor = c.files.get(`${n}.apparmor`)!;
  const flag = (f: string): string[] => argv.flatMap((a, i) => (a === f && i + 1 < argv.length ? [argv[i + 1]!] : []));
  return { seccomp, oci, compose, argv, apparmor, flag };
};

const MiB = 1024 * 1024;

describe.each(BUILT.map((c) => [c.name, c] as const))('%s: the five artifacts agree', (_name, c) => {
  const v = views(c);

  it('grant the same capabilities', () => {
    const ociCaps = [...v.oci.process.capabilities.bounding].sort();
    // Docker and Compose spell a capability without `CAP_`, as their documentation does.
    const composeCaps = [...(v.compose.cap_add ?? [])].map((x: string) => `CAP_${x}`).sort();
    const runCaps = v.flag('--cap-add').map((x) => `CAP_${x}`).sort();
    for (const x of [...(v.compose.cap_add ?? []), ...v.flag('--cap-add')]) expect(x).toMatch(/^(?!CAP_)[A-Z_]+$/);
    const apparmorCaps = [...v.apparmor.matchAll(/^\s*capability (\w+),/gm)].map((m) => `CAP_${m[1]!.toUpperCase()}`).sort();
    expect(ociCaps).toEqual([...c.ir.capabilities]);
    expect(composeCaps).toEqual(ociCaps);
    expect(runCaps).toEqual(ociCaps);
    expect(apparmorCaps).toEqual(ociCaps);
    expect(v.compose.cap_drop).toEqual(['ALL']);
    expect(v.flag('--cap-drop')).toEqual(['ALL']);
  });

  it('run as the same user, with the same no-new-privileges and read-only root', () => {
    const user = `${c.ir.user.uid}:${c.ir.user.gid}`;
    expect(`${v.oci.process.user.uid}:${v.oci.process.user.gid}`).toBe(user);
    expect(v.compose.user).toBe(user);
    expect(v.flag('--user')).toEqual([user]);
    const nnp = `no-new-privileges:${c.ir.noNewPrivileges}`;
    expect(v.oci.process.noNewPrivileges).toBe(c.ir.noNewPrivileges);
    expect(v.compose.security_opt).toContain(nnp);
    expect(v.flag('--security-opt')).toContain(nnp);
    expect(v.oci.root.readonly).toBe(c.ir.filesystem.rootReadonly);
    expect(v.compose.read_only).toBe(c.ir.filesystem.rootReadonly);
    expect(v.argv.includes('--read-only')).toBe(c.ir.filesystem.rootReadonly);
  });

  it('mount the same writable paths, and AppArmor lets exactly those (and write rules) be written', () => {
    const ociWritable = (v.oci.mounts as Json[])
      .filter((m) => (m.type === 'tmpfs' || m.type === 'bind') && !m.options.includes('ro') && !['/dev', '/dev/shm', '/dev/pts', '/dev/mqueue', '/proc', '/sys', '/sys/fs/cgroup'].includes(m.destination))
      .map((m) => m.destination)
      .sort();
    const composeWritable = [
      ...((v.compose.tmpfs ?? []) as string[]).filter((t) => !/(^|,)ro(,|$)/.test(t.split(':').slice(1).join(':'))).map((t) => t.split(':')[0]!),
      // Long syntax, or the short `SRC:DST:MODE` string of a relabelled mount.
      ...((v.compose.volumes ?? []) as Json[]).filter((m) => (typeof m === 'string' ? /:rw,/.test(m) : !m.read_only)).map((m) => (typeof m === 'string' ? m.split(':')[1]! : (m.target as string))),
    ].sort();
    const runWritable = [
      ...v.flag('--tmpfs').filter((t) => !/(^|,)ro(,|$)/.test(t.split(':').slice(1).join(':'))).map((t) => t.split(':')[0]!),
      ...v.flag('--mount').filter((m) => !/(^|,)readonly(,|$)/.test(m)).map((m) => /(?:^|,)dst=([^,]*)/.exec(m)![1]!),
      ...v.flag('-v').filter((m) => /:rw,/.test(m)).map((m) => m.split(':')[1]!),
    ].sort();
    const mountTargets = [...c.ir.filesystem.tmpfs.filter((t) => !t.options.includes('ro')).map((t) => t.target), ...c.ir.filesystem.mounts.filter((m) => !m.readonly).map((m) => m.target)].sort();
    expect(ociWritable).toEqual(mountTargets);
    expect(composeWritable).toEqual(mountTargets);
    expect(runWritable).toEqual(mountTargets);
    const apparmorWritable = [...new Set([...v.apparmor.matchAll(/^\s*"([^"]*)" rw/gm)].map((m) => m[1]!.replace(/\/(\*\*)?$/, '') || '/'))].sort();
    // Each writable path, and under /var/run or /var/lock also its form behind the /run symlink.
    const resolved = (p: string): string[] => {
      const m = /^\/var\/(run|lock)(\/.*)?$/.exec(p);
      return m ? [p, `${m[1] === 'run' ? '/run' : '/run/lock'}${m[2] ?? ''}`] : [p];
    };
    expect(apparmorWritable).toEqual([...new Set(c.ir.filesystem.writablePaths.flatMap(resolved))].sort());
  });

  it('set the same limits', () => {
    const l = c.ir.limits;
    const mem = v.oci.linux.resources?.memory ?? {};
    expect(mem.limit ?? null).toBe(l.memoryBytes);
    expect(v.compose.mem_limit).toBe(l.memoryBytes ?? 0);
    expect(v.flag('--memory')).toEqual([String(l.memoryBytes ?? 0)]);
    expect(v.compose.memswap_limit).toBe(l.memorySwapBytes ?? -1);
    expect(v.flag('--memory-swap')).toEqual([String(l.memorySwapBytes ?? -1)]);
    expect(v.oci.linux.resources.pids?.limit ?? null).toBe(l.pids);
    expect(v.compose.pids_limit).toBe(l.pids ?? -1);
    expect(v.flag('--pids-limit')).toEqual([String(l.pids ?? -1)]);
    if (l.milliCpus !== null) {
      expect(v.oci.linux.resources.cpu.quota / v.oci.linux.resources.cpu.period).toBeCloseTo(l.milliCpus / 1000, 9);
      const composeCpus = v.compose.cpus ?? v.compose.cpu_quota / v.compose.cpu_period;
      expect(composeCpus).toBeCloseTo(l.milliCpus / 1000, 9);
      expect(Number(v.flag('--cpus')[0])).toBeCloseTo(l.milliCpus / 1000, 9);
    }
    const rl = (v.oci.process.rlimits as Json[]).map((r) => `${String(r.type).replace('RLIMIT_', '').toLowerCase()}=${r.soft}:${r.hard}`).sort();
    const cu = Object.entries(v.compose.ulimits as Record<string, Json>).map(([k, x]) => `${k}=${x.soft}:${x.hard}`).sort();
    expect(rl).toEqual(l.ulimits.map((u) => `${u.name}=${u.soft}:${u.hard}`));
    expect(cu).toEqual(rl);
    expect(v.flag('--ulimit').sort()).toEqual(rl);
    expect(l.memoryBytes === null || l.memoryBytes >= 6 * MiB).toBe(true);
  });

  it('name the same AppArmor profile and seccomp profile', () => {
    const p = c.ir.apparmor.profileName;
    // `unconfined` is no profile: none is written, and config.json names none.
    if (p === 'unconfined') expect(v.apparmor).not.toMatch(/^\s*profile /m);
    else expect(v.apparmor).toContain(`profile "${p}" `);
    expect(v.oci.process.apparmorProfile).toBe(p === 'unconfined' ? undefined : p);
    expect(v.compose.security_opt).toContain(`apparmor=${p}`);
    expect(v.flag('--security-opt')).toContain(`apparmor=${p}`);
    expect(v.compose.security_opt).toContain(`seccomp=./${c.ir.name}.seccomp.json`);
    expect(v.flag('--security-opt')).toContain(`seccomp=${c.ir.name}.seccomp.json`);
  });

  it('name the same runtime and SELinux label, and relabel the same mounts', () => {
    const rt = c.ir.runtime.name;
    expect(v.compose.runtime).toBe(rt ?? undefined);
    expect(v.flag('--runtime')).toEqual(rt === null ? [] : [rt]);
    const labels = (opts: readonly string[]) => opts.filter((o) => o.startsWith('label='));
    expect(labels(v.compose.security_opt)).toEqual(labels(v.flag('--security-opt')));
    const se = c.ir.selinux;
    const parts = [se.user, se.role, se.type, se.level].some((x) => x !== null);
    expect(labels(v.flag('--security-opt')).length > 0).toBe(se.disabled || parts);
    if (parts && !se.disabled) expect(v.oci.process.selinuxLabel).toBe(`${se.user ?? 'system_u'}:${se.role ?? 'system_r'}:${se.type ?? 'container_t'}:${se.level ?? 's0'}`);
    else expect(v.oci.process.selinuxLabel).toBeUndefined();
    const relabelled = c.ir.filesystem.mounts.filter((m) => m.relabel).map((m) => `${m.source}:${m.target}:${m.readonly ? 'ro' : 'rw'},${m.relabel === 'shared' ? 'z' : 'Z'}`);
    expect(v.flag('-v')).toEqual(relabelled);
    expect(((v.compose.volumes ?? []) as Json[]).filter((m) => typeof m === 'string')).toEqual(relabelled);
  });

  it('carry the same seccomp filter in the Docker and the OCI form', () => {
    const strip = (r: Json) => ({ names: r.names, action: r.action, errnoRet: r.errnoRet, args: r.args });
    expect(v.oci.linux.seccomp.defaultAction).toBe(v.seccomp.defaultAction);
    expect(v.oci.linux.seccomp.defaultErrnoRet).toBe(v.seccomp.defaultErrnoRet);
    expect((v.seccomp.syscalls as Json[]).map(strip)).toEqual((v.oci.linux.seccomp.syscalls as Json[]).map(strip));
    const archMapFlat = (v.seccomp.archMap as Json[]).flatMap((a) => [a.architecture, ...a.subArchitectures]).sort();
    expect([...v.oci.linux.seccomp.architectures].sort()).toEqual(archMapFlat);
    expect(v.oci.linux.seccomp.archMap).toBeUndefined();
    for (const r of v.oci.linux.seccomp.syscalls as Json[]) {
      expect(r.includes).toBeUndefined();
      expect(r.comment).toBeUndefined();
    }
  });
});
