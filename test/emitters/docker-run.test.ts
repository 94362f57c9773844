import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { dockerRunArgv, emitDockerRun } from '../../src/emitters/docker-run.js';
import { csvField, shellWord } from '../../src/emitters/quote.js';
import { sampleIR } from '../support/sample-ir.js';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function artifacts(ir: PolicyIR): { txt: string; json: string } {
  const out = emitDockerRun(ir);
  expect(out.map((a) => a.path)).toEqual(['docker-run.txt', 'docker-run.json']);
  return { txt: out[0]!.content, json: out[1]!.content };
}

const origin = sampleIR.network.ports[0]!.origin;

// Every character a shell treats specially, and the strings quoting gets wrong most often.
const NASTY = [
  '',
  ' ',
  'two words',
  "it's",
  "'",
  "''",
  '"',
  '"double" and \'single\'',
  '$HOME',
  '${HOME:-x}',
  '$(id)',
  '`id`',
  '!',
  '!!',
  "don't!",
  'a\nb',
  '\n',
  'tab\there',
  'cr\rlf',
  '\\',
  'back\\slash\\',
  '*',
  '?',
  '[a]',
  '~',
  '~root',
  '#comment',
  'a#b',
  '; rm -rf /',
  'a|b&c>d<e',
  '(sub)',
  '{a,b}',
  '=x',
  '-x',
  '--flag=value',
  'ü € 日本',
  'semi;colon',
  '%s %n',
];

const nastyIR: PolicyIR = {
  ...sampleIR,
  env: NASTY.map((value, i) => ({ name: `V${String(i).padStart(2, '0')}`, value })),
  entrypoint: ['/bin/sh', '-c', 'printf "%s\\n" "$@"', 'sh'],
  command: NASTY,
  workdir: '/srv/with space',
};

describe('emitDockerRun: the argv', () => {
  it('writes every flag of the sample in the fixed order, then the image and the command', () => {
    expect(dockerRunArgv(sampleIR)).toEqual([
      'docker', 'run',
      '--name', 'web',
      '--security-opt', 'seccomp=web.seccomp.json',
      '--security-opt', 'apparmor=secpol-web',
      '--security-opt', 'no-new-privileges:true',
      '--cap-drop', 'ALL',
      '--cap-add', 'NET_BIND_SERVICE',
      '--read-only',
      '--tmpfs', '/tmp:size=67108864,nodev,noexec,nosuid',
      '--mount', 'type=volume,src=web-logs,dst=/var/log/web',
      '-p', '127.0.0.1:18080:8080',
      '--user', '101:101',
      '--workdir', '/srv',
      '--env', 'GREETING=hello world',
      '--hostname', 'web',
      '--memory', '536870912',
      '--memory-swap', '536870912',
      '--memory-reservation', '268435456',
      '--cpus', '1',
      '--cpu-shares', '512',
      '--pids-limit', '256',
      '--ulimit', 'nofile=1024:2048',
      '--network', 'bridge',
      '--ipc', 'private',
      '--cgroupns', 'private',
      '--sysctl', 'net.ipv4.ip_unprivileged_port_start=1024',
      'secpol-test/busybox:1',
      'httpd', '-f', '-p', '8080',
    ]);
  });

  it('gives --entrypoint only the first word and puts the rest after the image, before the command', () => {
    const argv = dockerRunArgv({ ...sampleIR, entrypoint: ['/bin/sh', '-c', 'exec "$@"', 'sh'], command: ['httpd', '-f'] });
    expect(argv.slice(argv.indexOf('--entrypoint'))).toEqual(['--entrypoint', '/bin/sh', 'secpol-test/busybox:1', '-c', 'exec "$@"', 'sh', 'httpd', '-f']);
    const one = dockerRunArgv({ ...sampleIR, entrypoint: ['/app'], command: null });
    expect(one.slice(-3)).toEqual(['--entrypoint', '/app', 'secpol-test/busybox:1']);
    const cleared = dockerRunArgv({ ...sampleIR, entrypoint: [], command: ['id'] });
    expect(cleared.slice(-4)).toEqual(['--entrypoint', '', 'secpol-test/busybox:1', 'id']);
    const imageOnly = dockerRunArgv({ ...sampleIR, entrypoint: null, command: null });
    expect(imageOnly.at(-1)).toBe('secpol-test/busybox:1');
    expect(imageOnly).not.toContain('--entrypoint');
  });

  it("writes no zero limit when the policy says unlimited, and Docker's -1 for swap and pids", () => {
    const argv = dockerRunArgv({
      ...sampleIR,
      limits: { memoryBytes: null, memorySwapBytes: null, memoryReservationBytes: null, milliCpus: null, cpuShares: null, pids: null, ulimits: [] },
    });
    const value = (f: string): string | undefined => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : undefined);
    expect(['--memory', '--memory-swap', '--memory-reservation', '--cpus', '--cpu-shares', '--pids-limit'].map(value)).toEqual([undefined, '-1', undefined, undefined, undefined, '-1']);
    expect(argv).not.toContain('--ulimit');
  });

  it('writes a writable root, host namespaces, a named network, binds, ports and groups', () => {
    const argv = dockerRunArgv({
      ...sampleIR,
      noNewPrivileges: false,
      hostname: null,
      command: null,
      capabilities: ['CAP_SYS_TIME', 'CAP_CHOWN'],
      user: { uid: 0, gid: 0, additionalGids: [27, 4] },
      network: {
        mode: { kind: 'named', name: 'backend' },
        grants: [],
        ports: [
          { hostIp: null, hostPort: null, containerPort: 53, protocol: 'udp', origin },
          { hostIp: null, hostPort: 8053, containerPort: 53, protocol: 'tcp', origin },
          { hostIp: '::1', hostPort: 8443, containerPort: 443, protocol: 'tcp', origin },
          { hostIp: '127.0.0.1', hostPort: null, containerPort: 9000, protocol: 'tcp', origin },
        ],
      },
      filesystem: {
        ...sampleIR.filesystem,
        rootReadonly: false,
        tmpfs: [{ target: '/run', sizeBytes: 1048576, options: ['nodev', 'nosuid'], mode: 0o755, owner: { uid: 1000, gid: 1000 }, origin }],
        mounts: [{ kind: 'bind', source: '/srv/site', target: '/srv', readonly: true, origin }],
      },
      namespaces: { ...sampleIR.namespaces, pid: 'host', ipc: 'host', uts: 'host', cgroup: 'host' },
    });
    expect(argv).toContain('--read-only=false');
    expect(argv).toContain('no-new-privileges:false');
    expect(argv.filter((_, i) => argv[i - 1] === '--cap-add')).toEqual(['CHOWN', 'SYS_TIME']);
    expect(argv.filter((_, i) => argv[i - 1] === '--group-add')).toEqual(['4', '27']);
    expect(argv.filter((_, i) => argv[i - 1] === '-p')).toEqual(['53/udp', '8053:53', '[::1]:8443:443', '127.0.0.1::9000']);
    expect(argv).toContain('/run:size=1048576,mode=755,uid=1000,gid=1000,nodev,nosuid');
    expect(argv).toContain('type=bind,src=/srv/site,dst=/srv,readonly');
    const at = (f: string): number => argv.indexOf(f);
    expect(argv[at('--network') + 1]).toBe('backend');
    expect([argv[at('--ipc') + 1], argv[at('--pid') + 1], argv[at('--uts') + 1], argv[at('--cgroupns') + 1]]).toEqual(['host', 'host', 'host', 'host']);
    expect(argv).not.toContain('--hostname');
    expect(at('--network')).toBeLessThan(at('--ipc'));
    expect(at('--ipc')).toBeLessThan(at('--pid'));
  });

  it('quotes --mount fields as CSV, which is how the Docker CLI splits the value', () => {
    expect(csvField('src=/a,b')).toBe('"src=/a,b"');
    expect(csvField('dst=/say "hi"')).toBe('"dst=/say ""hi"""');
    expect(csvField('dst=/plain:colon')).toBe('dst=/plain:colon');
    const argv = dockerRunArgv({ ...sampleIR, filesystem: { ...sampleIR.filesystem, mounts: [{ kind: 'bind', source: '/host/a,b', target: '/x', readonly: false, origin }] } });
    expect(argv).toContain('type=bind,"src=/host/a,b",dst=/x');
  });

  it('refuses what Docker would misread, as internal errors', () => {
    const tmpfs = { ...sampleIR.filesystem.tmpfs[0]!, target: '/a:b' };
    expect(() => emitDockerRun({ ...sampleIR, filesystem: { ...sampleIR.filesystem, tmpfs: [tmpfs] } })).toThrow(/internal error in the docker-run emitter/);
    expect(() => emitDockerRun({ ...sampleIR, image: '--privileged' })).toThrow(/internal error/);
    expect(() => emitDockerRun({ ...sampleIR, env: [{ name: 'A=B', value: 'c' }] })).toThrow(/internal error/);
    expect(() => emitDockerRun({ ...sampleIR, command: ['a\u0000b'] })).toThrow(/NUL/);
    expect(() => emitDockerRun({ ...sampleIR, sysctls: [{ name: 'net.x=1 --privileged', value: '1' }] })).toThrow(/internal error/);
    expect(() => emitDockerRun({ ...sampleIR, limits: { ...sampleIR.limits, memoryBytes: 1.5 } })).toThrow(/internal error/);
    expect(() => emitDockerRun({ ...sampleIR, network: { ...sampleIR.network, ports: [{ ...sampleIR.network.ports[0]!, hostIp: '1.2.3.4]:1:1/tcp -p [' }] } })).toThrow(/internal error/);
  });
});

describe('emitDockerRun: the artifacts', () => {
  it('docker-run.json is the argv, 2-space indented, with a trailing newline', () => {
    const { json } = artifacts(sampleIR);
    expect(json).toBe(`${JSON.stringify(dockerRunArgv(sampleIR), null, 2)}\n`);
    expect(json.split('\n')[1]).toBe('  "docker",');
  });

  it('docker-run.txt is one line ending in a newline, plain words left bare', () => {
    const { txt } = artifacts(sampleIR);
    expect(txt.endsWith('\n')).toBe(true);
    expect(txt.slice(0, -1)).not.toContain('\n');
    expect(txt).toMatch(/^docker run --name web --security-opt seccomp=web\.seccomp\.json /);
    expect(txt).toContain(" --env 'GREETING=hello world' ");
  });

  it('is byte-identical run after run and leaves a frozen IR untouched', () => {
    const frozen = deepFreeze(structuredClone(nastyIR));
    const before = JSON.stringify(frozen);
    expect(artifacts(frozen)).toEqual(artifacts(frozen));
    expect(JSON.stringify(frozen)).toBe(before);
  });

  it('shellWord leaves plain words bare and quotes everything else', () => {
    expect(shellWord('t', 'type=volume,src=a,dst=/b')).toBe('type=volume,src=a,dst=/b');
    expect(shellWord('t', '127.0.0.1:18080:8080/tcp')).toBe('127.0.0.1:18080:8080/tcp');
    expect(shellWord('t', '')).toBe("''");
    expect(shellWord('t', '=x')).not.toBe('=x'); // zsh would expand a word starting with =
    expect(shellWord('t', 'a b')).toBe("'a b'");
  });
});

// The real test of the quoting: a POSIX shell reads docker-run.txt back into exactly the argv of
// docker-run.json. `docker` is replaced by a function that prints each argument followed by NUL
// (printf "%s\n" could not tell an argument holding a newline from two arguments). Interactive bash
// is included because a pasted line meets history expansion there (`!`), which `sh -c` never does;
// there readline itself edits a TAB (completion) or CR typed into the line, whatever the quoting, so
// that run leaves those two out (the checks refuse control characters in values anyway).
const typedIR: PolicyIR = {
  ...nastyIR,
  env: nastyIR.env.filter((e) => !/[\t\r]/.test(e.value)),
  command: NASTY.filter((v) => !/[\t\r]/.test(v)),
};
describe.each([
  ['sh -c', 'sh', ['-c'], false],
  ['bash --posix -c', 'bash', ['--posix', '-c'], false],
  ['interactive bash (history expansion on)', 'bash', ['--norc', '--noprofile', '-i'], true],
] as const)('emitDockerRun: %s reads docker-run.txt back as docker-run.json', (_name, shell, flags, interactive) => {
  // sh and bash are part of every Debian system: a missing one is a failure, not a skip.
  it.each([
    ['the sample', sampleIR],
    ['values holding every shell metacharacter', nastyIR],
  ])('%s', (_what, ir) => {
    const { txt, json } = artifacts(interactive && ir === nastyIR ? typedIR : ir);
    const script = `docker() { printf '%s\\0' docker "$@"; }\n${txt}`;
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', PS1: '', HISTFILE: '/dev/null' };
    const r = interactive
      ? spawnSync(shell, [...flags], { encoding: 'utf8', env, input: `${script}exit\n` })
      : spawnSync(shell, [...flags, script], { encoding: 'utf8', env });
    if (!interactive) expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const args = r.stdout.split('\u0000').slice(0, -1);
    expect(args).toEqual(JSON.parse(json));
  });
});
