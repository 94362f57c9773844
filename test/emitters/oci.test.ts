import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { ULIMIT_NAMES } from '../../src/compiler/data/ulimits.js';
import { emitOci } from '../../src/emitters/oci.js';
import { sampleIR } from '../support/sample-ir.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const referenceDir = path.resolve(repoRoot, '..', 'shared', 'reference');

/**
 * The official runtime-spec schemas, set up as reference/README.md says: draft-04, strictSchema off
 * (the platform files wrap their properties in `{"linux": ...}`), every file registered under its
 * own name because they refer to each other by bare file name.
 */
function configValidator() {
  const dir = path.join(referenceDir, 'oci-runtime-spec');
  // ajv-draft-04 is CommonJS: its class is both module.exports and `.default`; types know only the latter.
  const ajv = new Ajv04.default({ allErrors: true, strictSchema: false });
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) ajv.addSchema(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), file);
  const validate = ajv.getSchema('config-schema.json');
  if (!validate) throw new Error('config-schema.json did not compile');
  return validate;
}
const validateConfig = configValidator();

/** Freezes an object and everything it holds, so an emitter that writes to its IR throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** config.json as a plain object, after checking it against the schema. */
function configOf(ir: PolicyIR): any {
  const artifacts = emitOci(ir);
  expect(artifacts.map((a) => a.path)).toEqual(['config.json']);
  const doc = JSON.parse(artifacts[0]!.content);
  const valid = validateConfig(doc);
  expect(validateConfig.errors ?? [], 'schema errors').toEqual([]);
  expect(valid).toBe(true);
  return doc;
}

const limits = sampleIR.limits;
const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

describe('emitOci', () => {
  it('writes the sample as this exact config.json', () => {
    const [artifact] = emitOci(sampleIR);
    const doc = JSON.parse(artifact!.content);
    expect(artifact!.content).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(Object.keys(doc)).toEqual(['ociVersion', 'process', 'root', 'hostname', 'mounts', 'linux']);
    expect(doc.ociVersion).toBe('1.1.0');
    expect(doc.process).toEqual({
      terminal: false,
      user: { uid: 101, gid: 101, additionalGids: [] },
      args: ['httpd', '-f', '-p', '8080'],
      env: ['GREETING=hello world', PATH],
      cwd: '/srv',
      capabilities: { bounding: ['CAP_NET_BIND_SERVICE'], effective: [], inheritable: [], permitted: [], ambient: [] },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 2048, soft: 1024 }],
      noNewPrivileges: true,
      apparmorProfile: 'secpol-web',
    });
    expect(doc.root).toEqual({ path: 'rootfs', readonly: true });
    expect(doc.hostname).toBe('web');
    expect(doc.mounts).toEqual([
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
      { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] },
      { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nodev', 'noexec', 'nosuid', 'size=67108864'] },
      { destination: '/var/log/web', type: 'bind', source: 'volumes/web-logs', options: ['rbind', 'rprivate', 'rw'] },
    ]);
    expect(doc.linux).toEqual({
      sysctl: { 'net.ipv4.ip_unprivileged_port_start': '1024' },
      resources: {
        devices: [{ allow: false, access: 'rwm' }],
        memory: { limit: 536870912, reservation: 268435456, swap: 536870912 },
        cpu: { shares: 512, quota: 100000, period: 100000 },
        pids: { limit: 256 },
      },
      namespaces: [{ type: 'cgroup' }, { type: 'ipc' }, { type: 'mount' }, { type: 'network' }, { type: 'pid' }, { type: 'uts' }],
      seccomp: {
        defaultAction: 'SCMP_ACT_ERRNO',
        defaultErrnoRet: 1,
        architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_AARCH64'],
        syscalls: [
          { names: ['accept4', 'bind', 'listen'], action: 'SCMP_ACT_ALLOW' },
          { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW' },
          { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2, valueTwo: 0, op: 'SCMP_CMP_EQ' }] },
          { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 10, valueTwo: 0, op: 'SCMP_CMP_EQ' }] },
          { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0x10000000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
          { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
          { names: ['kexec_load', 'ptrace'], action: 'SCMP_ACT_KILL_PROCESS' },
        ],
      },
      maskedPaths: ['/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/sched_debug', '/proc/scsi', '/proc/timer_list', '/proc/timer_stats', '/sys/firmware'],
      readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
    });
  });

  it('is valid against the runtime-spec schema, for the sample and for sparse variants', () => {
    expect(validateConfig({ ociVersion: '1.1.0', process: { cwd: '/', capabilities: { bounding: [1] } } })).toBe(false); // the validator bites
    configOf(sampleIR);
    configOf({
      ...sampleIR,
      entrypoint: null,
      command: null,
      workdir: null,
      hostname: null,
      env: [],
      sysctls: [],
      capabilities: [],
      user: { uid: 0, gid: 0, additionalGids: [10, 20] },
      namespaces: {
        network: 'host',
        pid: 'host',
        ipc: 'host',
        uts: 'host',
        user: 'private',
        cgroup: 'host',
        uidMappings: [{ containerId: 0, hostId: 100000, size: 65536 }],
        gidMappings: [
          { containerId: 0, hostId: 200000, size: 1000 },
          { containerId: 1000, hostId: 300000, size: 1 },
        ],
      },
      limits: { memoryBytes: null, memorySwapBytes: null, memoryReservationBytes: null, milliCpus: null, cpuShares: null, pids: null, ulimits: [] },
      filesystem: { ...sampleIR.filesystem, rootReadonly: false, tmpfs: [], mounts: [] },
      seccomp: { ...sampleIR.seccomp, defaultAction: { kind: 'kill' } },
    });
  });

  it('gives the seccomp filter in OCI form: flat architectures with companions, no archMap, includes or comment', () => {
    const seccomp = configOf({
      ...sampleIR,
      seccomp: {
        ...sampleIR.seccomp,
        architectures: ['x86_64', 'x86', 'x32', 'aarch64', 'arm'],
        rules: [{ ...sampleIR.seccomp.rules[1]!, arches: ['x86'] }],
      },
    }).linux.seccomp;
    expect(seccomp.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32', 'SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
    expect(seccomp).not.toHaveProperty('archMap');
    // A partial rule is written for every architecture: libseccomp skips the ones without the name.
    expect(seccomp.syscalls).toEqual([{ names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW' }]);
  });

  it('writes errnoRet only for errno actions and defaultErrnoRet only for an errno default', () => {
    const doc = configOf({ ...sampleIR, seccomp: { ...sampleIR.seccomp, defaultAction: { kind: 'trap' } } });
    expect(doc.linux.seccomp.defaultAction).toBe('SCMP_ACT_TRAP');
    expect(doc.linux.seccomp).not.toHaveProperty('defaultErrnoRet');
    expect(doc.linux.seccomp.syscalls.filter((s: any) => 'errnoRet' in s)).toEqual([{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]);
  });

  it('grants root the capabilities in bounding, effective and permitted, as Docker does', () => {
    const caps = configOf({ ...sampleIR, user: { uid: 0, gid: 0, additionalGids: [] }, capabilities: ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE'] }).process.capabilities;
    const granted = ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE'];
    expect(caps).toEqual({ bounding: granted, effective: granted, inheritable: [], permitted: granted, ambient: [] });
  });

  it('bounds a non-root user only, as Docker 20.10.14+ does: no ambient set, so only file capabilities reach it', () => {
    const caps = configOf({ ...sampleIR, capabilities: ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE'] }).process.capabilities;
    expect(caps).toEqual({ bounding: ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE'], effective: [], inheritable: [], permitted: [], ambient: [] });
  });

  it('turns CPUs into a CFS quota per 100 ms and keeps memory+swap as Docker counts it', () => {
    const res = (l: Partial<PolicyIR['limits']>) => configOf({ ...sampleIR, limits: { ...limits, ...l } }).linux.resources;
    expect(res({ milliCpus: 1500 }).cpu).toEqual({ shares: 512, quota: 150000, period: 100000 });
    expect(res({ milliCpus: 250, cpuShares: null }).cpu).toEqual({ quota: 25000, period: 100000 });
    expect(res({ milliCpus: null, cpuShares: null })).not.toHaveProperty('cpu');
    expect(res({ memorySwapBytes: null }).memory).toEqual({ limit: 536870912, reservation: 268435456, swap: -1 });
    expect(res({ memoryBytes: null, memorySwapBytes: null, memoryReservationBytes: null })).not.toHaveProperty('memory');
    expect(res({ pids: null })).not.toHaveProperty('pids');
    expect(res({}).devices).toEqual([{ allow: false, access: 'rwm' }]);
  });

  it('runs entrypoint ++ command, and leaves args out when the image default is all there is', () => {
    const args = (entrypoint: string[] | null, command: string[] | null) => configOf({ ...sampleIR, entrypoint, command }).process.args;
    expect(args(['/bin/tini', '--'], ['httpd', '-f'])).toEqual(['/bin/tini', '--', 'httpd', '-f']);
    expect(args(['httpd'], null)).toEqual(['httpd']);
    expect(args(null, ['httpd'])).toEqual(['httpd']);
    expect(args(null, null)).toBeUndefined();
    expect(args([], null)).toBeUndefined();
  });

  it('adds the default PATH unless the policy sets one, sorted by name', () => {
    const env = (vars: PolicyIR['env']) => configOf({ ...sampleIR, env: vars }).process.env;
    expect(env([{ name: 'A', value: '1' }, { name: 'Z', value: '2' }])).toEqual(['A=1', PATH, 'Z=2']);
    expect(env([{ name: 'PATH', value: '/app/bin' }])).toEqual(['PATH=/app/bin']);
  });

  it('falls back to / as cwd and to the workload name as hostname in a private UTS namespace', () => {
    const doc = configOf({ ...sampleIR, workdir: null, hostname: null });
    expect(doc.process.cwd).toBe('/');
    expect(doc.hostname).toBe('web');
    const hostUts = configOf({ ...sampleIR, hostname: null, namespaces: { ...sampleIR.namespaces, uts: 'host' } });
    expect(hostUts).not.toHaveProperty('hostname');
  });

  it('maps every Docker ulimit name to its RLIMIT_ resource', () => {
    // Every name the compiler accepts: the emitter keeps its own table, since it may import only the IR.
    const names = [...ULIMIT_NAMES];
    const ulimits = names.map((name) => ({ name, soft: 1, hard: 2 }));
    const rlimits = configOf({ ...sampleIR, limits: { ...limits, ulimits } }).process.rlimits;
    expect(rlimits.map((r: any) => r.type)).toEqual(names.map((n) => `RLIMIT_${n.toUpperCase()}`));
    expect(() => emitOci({ ...sampleIR, limits: { ...limits, ulimits: [{ name: 'bogus', soft: 1, hard: 1 }] } })).toThrow(/unknown ulimit `bogus`/);
  });

  it('writes tmpfs size in bytes and mode in octal, binds and volumes as rbind, parents before children', () => {
    const at = { file: 'app.secpol', line: 1, column: 1, endLine: 1, endColumn: 2, what: 'x' };
    const mounts = configOf({
      ...sampleIR,
      filesystem: {
        ...sampleIR.filesystem,
        tmpfs: [
          { target: '/dev/shm', sizeBytes: 1 << 20, options: ['nodev', 'noexec', 'nosuid'], mode: 0o1777, owner: null, origin: at },
          { target: '/run', sizeBytes: 4096, options: ['nodev', 'ro'], mode: 0o755, owner: { uid: 101, gid: 101 }, origin: at },
        ],
        mounts: [
          { kind: 'bind', source: '/srv/site', target: '/srv', readonly: true, origin: at },
          { kind: 'volume', source: 'cache', target: '/srv/cache', readonly: false, origin: at },
        ],
      },
    }).mounts;
    const own = mounts.filter((m: any) => ['/dev/shm', '/run', '/srv', '/srv/cache'].includes(m.destination));
    expect(own).toEqual([
      // The policy's /dev/shm replaces the standard one, as `docker run --tmpfs /dev/shm` does.
      { destination: '/dev/shm', type: 'tmpfs', source: 'tmpfs', options: ['nodev', 'noexec', 'nosuid', 'mode=1777', 'size=1048576'] },
      // The owner as tmpfs data: the workload's user can write the tmpfs whatever mode runc gives it.
      { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nodev', 'ro', 'mode=755', 'uid=101', 'gid=101', 'size=4096'] },
      { destination: '/srv', type: 'bind', source: '/srv/site', options: ['rbind', 'rprivate', 'ro'] },
      { destination: '/srv/cache', type: 'bind', source: 'volumes/cache', options: ['rbind', 'rprivate', 'rw'] },
    ]);
    const destinations = mounts.map((m: any) => m.destination);
    expect(destinations.filter((d: string) => d === '/dev/shm')).toHaveLength(1);
    expect(destinations.indexOf('/dev')).toBeLessThan(destinations.indexOf('/dev/shm'));
    expect(destinations.indexOf('/srv')).toBeLessThan(destinations.indexOf('/srv/cache'));
  });

  it('creates a namespace for each private one and shares the host ones by leaving them out', () => {
    const types = (ns: Omit<PolicyIR['namespaces'], 'uidMappings' | 'gidMappings'>) =>
      configOf({ ...sampleIR, namespaces: { ...ns, uidMappings: [{ containerId: 0, hostId: 100000, size: 65536 }], gidMappings: [] } }).linux.namespaces.map((n: any) => n.type);
    expect(types({ network: 'host', pid: 'host', ipc: 'host', uts: 'host', user: 'host', cgroup: 'host' })).toEqual(['mount']);
    expect(types({ network: 'private', pid: 'private', ipc: 'shareable', uts: 'private', user: 'private', cgroup: 'private' })).toEqual([
      'cgroup',
      'ipc',
      'mount',
      'network',
      'pid',
      'user',
      'uts',
    ]);
  });

  it('writes the user namespace\'s uidMappings and gidMappings, and none without one', () => {
    const uidMappings = [{ containerId: 0, hostId: 100000, size: 65536 }];
    const gidMappings = [
      { containerId: 0, hostId: 200000, size: 1000 },
      { containerId: 1000, hostId: 300000, size: 1 },
    ];
    const linux = configOf({ ...sampleIR, namespaces: { ...sampleIR.namespaces, user: 'private', uidMappings, gidMappings } }).linux;
    expect(linux.uidMappings).toEqual([{ containerID: 0, hostID: 100000, size: 65536 }]);
    expect(linux.gidMappings).toEqual([
      { containerID: 0, hostID: 200000, size: 1000 },
      { containerID: 1000, hostID: 300000, size: 1 },
    ]);
    expect(configOf(sampleIR).linux).not.toHaveProperty('uidMappings');
    expect(configOf(sampleIR).linux).not.toHaveProperty('gidMappings');
  });

  it('is byte-identical run after run and leaves the IR untouched', () => {
    const ir = deepFreeze(structuredClone(sampleIR));
    const first = emitOci(ir);
    expect(emitOci(ir)).toEqual(first);
    expect(ir).toEqual(sampleIR);
  });

  it('refuses an IR whose seccomp rule tests one argument twice', () => {
    const twice = { ...sampleIR.seccomp.rules[2]!, args: [...sampleIR.seccomp.rules[2]!.args, ...sampleIR.seccomp.rules[3]!.args] };
    expect(() => emitOci({ ...sampleIR, seccomp: { ...sampleIR.seccomp, rules: [twice] } })).toThrow(/two conditions on argument 0/);
  });
});
