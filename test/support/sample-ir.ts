import type { PolicyIR, Origin } from '../../src/compiler/ir.js';

const at = (line: number, what: string): Origin => ({ file: 'web.secpol', line, column: 3, endLine: line, endColumn: 10, what });

/**
 * A hand-built IR for emitter unit tests, shaped like what the compiler lowers from a small web
 * server policy. Tests that need a variant spread over it: `{ ...sampleIR, user: {...} }`.
 */
export const sampleIR: PolicyIR = {
  irVersion: 5,
  name: 'web',
  sourceFile: 'web.secpol',
  image: 'secpol-test/busybox:1',
  entrypoint: null,
  command: ['httpd', '-f', '-p', '8080'],
  workdir: '/srv',
  env: [{ name: 'GREETING', value: 'hello world' }],
  hostname: 'web',
  user: { uid: 101, gid: 101, additionalGids: [] },
  noNewPrivileges: true,
  capabilities: ['CAP_NET_BIND_SERVICE'],
  network: {
    mode: { kind: 'bridge' },
    ports: [{ hostIp: '127.0.0.1', hostPort: 18080, containerPort: 8080, protocol: 'tcp', origin: at(8, 'publish 127.0.0.1:18080 -> 8080/tcp') }],
    grants: [
      { family: 'inet', type: 'stream' },
      { family: 'inet6', type: 'stream' },
      { family: 'unix', type: null },
    ],
  },
  filesystem: {
    rootReadonly: true,
    tmpfs: [{ target: '/tmp', sizeBytes: 64 * 1024 * 1024, options: ['nodev', 'noexec', 'nosuid'], mode: null, owner: null, origin: at(13, 'tmpfs /tmp') }],
    mounts: [{ kind: 'volume', source: 'web-logs', target: '/var/log/web', readonly: false, origin: at(14, 'volume web-logs -> /var/log/web') }],
    paths: [
      { path: '/srv/**', access: 'read', origin: at(15, 'read /srv/**') },
      { path: '/proc/*/mem', access: 'deny', origin: at(16, 'deny /proc/*/mem') },
    ],
    readRestricted: false,
    execRestricted: false,
    writablePaths: ['/tmp', '/var/log/web'],
  },
  namespaces: { network: 'private', pid: 'private', ipc: 'private', uts: 'private', user: 'host', cgroup: 'private', uidMappings: [], gidMappings: [] },
  sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '1024' }],
  limits: {
    memoryBytes: 512 * 1024 * 1024,
    memorySwapBytes: 512 * 1024 * 1024,
    memoryReservationBytes: 256 * 1024 * 1024,
    milliCpus: 1000,
    cpuShares: 512,
    pids: 256,
    ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }],
  },
  seccomp: {
    defaultAction: { kind: 'errno', errno: 1 },
    architectures: ['x86_64', 'aarch64'],
    primaryArches: ['x86_64', 'aarch64'],
    rules: [
      { names: ['accept4', 'bind', 'listen'], action: { kind: 'allow' }, args: [], arches: ['x86_64', 'aarch64'], origin: at(21, 'allow @network-server') },
      { names: ['arch_prctl'], action: { kind: 'allow' }, args: [], arches: ['x86_64'], origin: { file: 'web.secpol', line: 0, column: 0, endLine: 0, endColumn: 0, what: 'baseline (runtime)' } },
      { names: ['socket'], action: { kind: 'allow' }, args: [{ index: 0, op: 'EQ', value: 2, valueTwo: 0 }], arches: ['x86_64', 'aarch64'], origin: at(22, 'allow socket if arg0 in [AF_INET, AF_INET6]') },
      { names: ['socket'], action: { kind: 'allow' }, args: [{ index: 0, op: 'EQ', value: 10, valueTwo: 0 }], arches: ['x86_64', 'aarch64'], origin: at(22, 'allow socket if arg0 in [AF_INET, AF_INET6]') },
      { names: ['clone'], action: { kind: 'allow' }, args: [{ index: 0, op: 'MASKED_EQ', value: 0x10000000, valueTwo: 0 }], arches: ['x86_64', 'aarch64'], origin: at(23, 'allow clone if arg0 & CLONE_NEWUSER == 0') },
      { names: ['clone3'], action: { kind: 'errno', errno: 38 }, args: [], arches: ['x86_64', 'aarch64'], origin: { file: 'web.secpol', line: 0, column: 0, endLine: 0, endColumn: 0, what: 'baseline (clone3 returns ENOSYS so libc falls back to clone)' } },
      { names: ['kexec_load', 'ptrace'], action: { kind: 'kill' }, args: [], arches: ['x86_64', 'aarch64'], origin: at(24, 'deny ptrace, kexec_load with kill') },
    ],
  },
  apparmor: { profileName: 'secpol-web' },
  selinux: { disabled: false, user: null, role: null, type: null, level: null },
  runtime: { name: null, untrusted: false },
  provenance: { settings: [], syscallRules: [], syscalls: [], ignores: [] },
};
