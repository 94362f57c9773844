/**
 * `secpol import`, per source format: what each reader carries, what it reports (codes and
 * line:column in the source), that every imported policy is canonical for `secpol fmt` and compiles,
 * that hostile values stay data, and that import ∘ build ∘ import is stable over generated lines.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceDir } from '../support/repo.js';
import { quote } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import type { Diagnostic } from '../../src/compiler/diagnostics/diagnostic.js';
import { emitAll } from '../../src/emitters/index.js';
import { formatPolicy } from '../../src/format/format.js';
import { importPolicies, detectFormat, type ImportFormat } from '../../src/import/import.js';
import yaml from 'js-yaml';
import { validateComposeFile } from '../support/validators.js';

const at = (d: Diagnostic): string => {
  const p = d.span!.file.position(d.span!.start);
  return `${d.code} ${p.line}:${p.column}`;
};
const codes = (ds: readonly Diagnostic[]): string[] => ds.map(at);

function only(format: ImportFormat, text: string, name = 'src'): { text: string; diagnostics: readonly Diagnostic[] } {
  const r = importPolicies(format, name, text);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  expect(r.policies).toHaveLength(1);
  return { text: r.policies[0]!.text, diagnostics: r.diagnostics };
}

function expectBuilds(text: string): void {
  const f = formatPolicy('p.secpol', text);
  expect(f.ok && f.text).toBe(text);
  const c = compile('p.secpol', text, { readFile: () => undefined });
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
}

// The seed article's resource-limited container, as a script with continuations.
const LIMITED = `docker run -d \\
  --name secured_app \\
  --memory=512m \\
  --memory-swap=512m \\
  --memory-reservation=256m \\
  --cpus=1.0 \\
  --cpu-shares=512 \\
  --pids-limit=256 \\
  --ulimit nofile=1024:2048 \\
  --ulimit nproc=512:512 \\
  my_app:latest
`;

describe('docker run', () => {
  it('carries the limits of the resource-limited run and reports Docker\'s defaults it keeps', () => {
    const r = only('docker-run', LIMITED, 'run.sh');
    expectBuilds(r.text);
    expect(r.text).toContain('workload secured_app {');
    for (const s of ['memory 512MiB', 'memory-swap 512MiB', 'memory-reservation 256MiB', 'cpu-shares 512', 'pids 256', 'ulimit nofile 1024:2048', 'ulimit nproc 512', 'root writable', 'no-new-privileges off', 'allow @docker-default', 'allow chroot']) expect(r.text).toContain(s);
    expect(r.text).toMatch(/add AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, NET_RAW,\s+SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT/);
    // -d on line 1, the defaults reported at the image (line 11, column 3).
    expect(codes(r.diagnostics)).toContain('W0803 1:12');
    expect(codes(r.diagnostics)).toContain('W0801 11:3');
    expect(r.diagnostics.some((d) => d.code === 'W0801' && d.message.includes('root writable'))).toBe(true);
    // `--cpus=1.0` is the language's default: said by writing nothing, and no report of a missing limit.
    expect(r.diagnostics.some((d) => d.message.includes('CPU limit'))).toBe(false);
  });

  it("carries Docker's default profile so that a server still opens sockets and forks: clone, socket and personality on their conditions", () => {
    const r = only('docker-run', 'docker run -d secpol-test/servers:1 redis-server\n');
    expectBuilds(r.text);
    const ir = compile('app.secpol', r.text, { readFile: () => undefined }).ir!;
    const profile = JSON.parse(emitAll(ir).find((a) => a.path.endsWith('.seccomp.json'))!.content.toString()) as { syscalls: { names: string[]; args?: { index: number; value: number; valueTwo?: number; op: string }[] }[] };
    const rules = (name: string) => profile.syscalls.filter((x) => x.names.includes(name));
    // AF_INET (2) SOCK_STREAM and AF_UNIX (1): what redis and nginx open first.
    expect(rules('socket').some((x) => x.args?.some((a) => a.index === 0 && a.valueTwo === 2))).toBe(true);
    expect(rules('socket').some((x) => x.args?.some((a) => a.index === 0 && a.valueTwo === 1))).toBe(true);
    // clone without namespace flags (CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET), as Docker's own rule.
    expect(rules('clone').map((x) => x.args)).toEqual([[{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }]]);
    expect(rules('personality').flatMap((x) => x.args!.map((a) => a.valueTwo)).sort((a, b) => a! - b!)).toEqual([0, 8, 0x20000, 0x20008, 0xffffffff]);
  });
  it('reads --flag=value, --flag value, short flags, combined -it, docker container run and the command', () => {
    const r = only('docker-run', 'docker container run -it --rm -u 1000:1000 -m 256m -e A=1 -e "B=two words" -p 127.0.0.1:8080:80 -v /srv/data:/data:ro --read-only --tmpfs /tmp:size=16m --cap-drop=ALL --cap-add net_bind_service --security-opt no-new-privileges busybox:1.36 sh -c "sleep 5"\n');
    expectBuilds(r.text);
    for (const s of ['user 1000:1000', 'memory 256MiB', 'memory-swap 512MiB', 'env A = "1"', 'env B = "two words"', 'publish 127.0.0.1:8080 -> 80', 'bind "/srv/data" -> /data', 'root readonly', 'tmpfs /tmp size 16MiB', 'add NET_BIND_SERVICE', 'command "sh" "-c" "sleep 5"']) expect(r.text).toContain(s);
    expect(r.text).not.toContain('no-new-privileges off');
    expect(codes(r.diagnostics).filter((c) => c.startsWith('W0803'))).toEqual(['W0803 1:22', 'W0803 1:22', 'W0803 1:26']);
  });

  it('reports a typographic dash with the option it meant, and writes nothing', () => {
    const r = importPolicies('docker-run', 'seed.sh', 'docker run -it --rm \u2013cap-drop ALL ubuntu bash\n');
    expect(r.policies).toEqual([]);
    const e = r.diagnostics.find((d) => d.code === 'E0802')!;
    expect(at(e)).toBe('E0802 1:21');
    expect(e.suggestion).toBe('--cap-drop');
  });

  it('refuses a capability that does not exist, with the nearest one', () => {
    const r = importPolicies('docker-run', 'x', 'docker run --cap-add CAP_NET_BIND_HIGH nginx\n');
    expect(r.policies).toEqual([]);
    const e = r.diagnostics.find((d) => d.code === 'E0803')!;
    expect(e.message).toContain('CAP_NET_BIND_HIGH');
    expect(e.suggestion).toBe('NET_BIND_SERVICE');
  });

  it('lists what the language cannot carry and keeps $VAR as text with a warning', () => {
    const r = only('docker-run', 'docker run --privileged --device /dev/fuse -e HOME=$HOME alpine\n');
    expect(codes(r.diagnostics)).toEqual(expect.arrayContaining(['W0802 1:12', 'W0802 1:25', 'W0805 1:47']));
    expect(r.text).toContain('env HOME = "$HOME"');
  });

  it('keeps --cap-add ALL and seccomp=unconfined as they are, leaving out only the capability no filter can serve', () => {
    const r = only('docker-run', 'docker run --cap-add ALL --security-opt seccomp=unconfined --security-opt apparmor=unconfined alpine\n');
    expectBuilds(r.text);
    expect(r.text).toContain('default allow');
    expect(r.text).toContain('apparmor-profile unconfined');
    expect(r.text).toContain('SYS_ADMIN');
    const all = only('docker-run', 'docker run --cap-add ALL alpine\n');
    expectBuilds(all.text);
    expect(all.text).not.toContain('SYS_RAWIO');
    expect(all.diagnostics.some((d) => d.code === 'W0804' && d.message.includes('SYS_RAWIO'))).toBe(true);
  });

  it('is an error without docker run or without an image', () => {
    expect(importPolicies('docker-run', 'x', 'echo hi\n').diagnostics.map((d) => d.code)).toEqual(['E0801']);
    expect(importPolicies('docker-run', 'x', 'docker run --rm\n').diagnostics.map((d) => d.code)).toContain('E0801');
    expect(importPolicies('docker-run', 'x', 'docker run --bogus x\n').diagnostics.map((d) => d.code)).toContain('E0802');
  });
});

const HARDENED = `services:
  web:
    image: my_web_app:latest
    read_only: true
    tmpfs:
      - /tmp:rw,noexec,nosuid,size=64m
      - /run:rw,noexec,nosuid,size=32m
    security_opt:
      - no-new-privileges:true
      - apparmor=docker-web-app
    cap_drop:
      - ALL
    cap_add:
      - NET_BIND_SERVICE
    deploy:
      resources:
        limits:
          cpus: "2.0"
          memory: 1G
          pids: 512
    user: "1000:1000"
    restart: always
    networks:
      - frontend
    volumes:
      - app_data:/data:rw
  cache:
    image: redis:7
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
    networks: [backend]
networks:
  frontend:
    internal: false
  backend:
    internal: true
`;

describe('Compose', () => {
  it('reads Compose files the Compose Specification accepts (the inputs here are valid)', () => {
    expect(validateComposeFile(yaml.load(HARDENED)).errors).toEqual([]);
  });

  it('makes every service a policy and carries the hardened service', () => {
    const r = importPolicies('compose', 'compose.yaml', HARDENED);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.policies.map((p) => p.name)).toEqual(['cache', 'web']);
    const web = r.policies.find((p) => p.name === 'web')!.text;
    expectBuilds(web);
    for (const s of ['user 1000:1000', 'apparmor-profile docker-web-app', 'join frontend', 'root readonly', 'tmpfs /run size 32MiB', 'tmpfs /tmp size 64MiB', 'volume app_data -> /data', 'add NET_BIND_SERVICE', 'memory 1GiB', 'cpus 2', 'pids 512']) expect(web).toContain(s);
    expect(r.policies.find((p) => p.name === 'cache')!.text).toContain('join backend internal');
    expect(codes(r.diagnostics)).toEqual(expect.arrayContaining(['W0803 22:5', 'W0803 29:5']));
  });

  it('points at the bad capability in the file', () => {
    const r = importPolicies('compose', 'compose.yaml', HARDENED.replace('- NET_BIND_SERVICE', '- CAP_NET_BIND_HIGH'));
    expect(r.policies).toEqual([]);
    expect(codes(r.diagnostics.filter((d) => d.severity === 'error'))).toEqual(['E0803 14:9']);
  });

  it('imports one service with --service, and refuses an unknown one with the list', () => {
    expect(importPolicies('compose', 'c', HARDENED, { service: 'cache' }).policies.map((p) => p.name)).toEqual(['cache']);
    const r = importPolicies('compose', 'c', HARDENED, { service: 'db' });
    expect(r.diagnostics[0]!.code).toBe('E0801');
    expect(r.diagnostics[0]!.help).toContain('`web`');
  });

  it('reports YAML that does not parse at its place', () => {
    const r = importPolicies('compose', 'c', 'services:\n  web:\n    image: [x\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0801']);
  });
});

const PROFILE = JSON.stringify({
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_AARCH64'],
  syscalls: [
    { names: ['read', 'write', 'close', 'openat', 'execve', 'exit_group', 'futex', 'open'], action: 'SCMP_ACT_ALLOW' },
    { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }] },
    { names: ['ptrace'], action: 'SCMP_ACT_KILL' },
  ],
}, null, 2);

describe('seccomp profiles', () => {
  it('turns a Docker profile\'s rules into the syscalls section, and reports a name missing on an architecture', () => {
    const r = only('seccomp', PROFILE, 'web.json');
    expectBuilds(r.text);
    for (const s of ['arch x86_64, aarch64', 'default errno EPERM', 'baseline off', 'allow read, write, close, openat, execve, exit_group, futex', 'allow personality if arg0 == 0', 'deny ptrace with kill']) expect(r.text).toContain(s);
    expect(r.diagnostics.some((d) => d.code === 'W0804' && d.message.includes('`open`'))).toBe(true);
  });

  it('says Docker\'s default profile as @docker-default', () => {
    const text = readFileSync(join(referenceDir, 'moby-seccomp', 'default.json'), 'utf8');
    const r = only('seccomp', text, 'default.json');
    expect(r.text).toContain('allow @docker-default');
    expect(r.text.split('\n').length).toBeLessThan(60);
    expectBuilds(r.text);
  });

  it('reads an SPO SeccompProfile', () => {
    const spo = `apiVersion: security-profiles-operator.x-k8s.io/v1beta1
kind: SeccompProfile
metadata:
  name: web
spec:
  defaultAction: SCMP_ACT_ERRNO
  syscalls:
    - action: SCMP_ACT_ALLOW
      names: [read, write, exit_group]
    - action: SCMP_ACT_NOTIFY
      names: [mount]
`;
    expect(detectFormat(spo)).toBe('seccomp-profile');
    const r = only('seccomp-profile', spo, 'spo.yaml');
    expect(r.text).toContain('workload web {');
    expect(r.text).toContain('allow read, write, exit_group');
    expect(codes(r.diagnostics)).toContain('W0802 10:7');
  });

  it('reports JSON that does not parse', () => {
    expect(importPolicies('seccomp', 'p.json', '{"defaultAction": ').diagnostics.map((d) => d.code)).toEqual(['E0801']);
  });
});

describe('hostile values stay data', () => {
  const nasty = ['a"b', 'x } workload evil { "', 'back\\slash', '${x}', "it's", '# not a comment'];
  it.each(nasty)('%j in an env value, a command argument and a hostname', (v) => {
    const line = quote(['docker', 'run', '-e', `K=${v}`, 'busybox', 'echo', v]) + '\n';
    const r = only('docker-run', line);
    expectBuilds(r.text);
    const ir = compile('p.secpol', r.text, { readFile: () => undefined }).ir!;
    expect(ir.env).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'K', value: v })]));
    expect(ir.command).toEqual(['echo', v]);
  });
  it('a newline in a value is refused by the compiler, and nothing is imported', () => {
    const r = importPolicies('docker-run', 'x', quote(['docker', 'run', '-e', 'K=x\n}\nworkload evil {', 'busybox']) + '\n');
    expect(r.policies).toEqual([]);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(expect.arrayContaining(['E0803']));
  });
  it('reads words as a POSIX shell does: a backslash before a backtick is dropped inside double quotes, kept inside single quotes', () => {
    // As dash reads them: "V='\`" is V='` (the spelling quote() writes for that value), 'W=\`' is W=\`.
    const dq = only('docker-run', 'docker run -e "V=\'\\`" -e \'W=\\`\' busybox:1.36\n');
    expect(dq.text).toContain('env V = "\'`"');
    expect(dq.text).toContain('env W = "\\\\`"');
  });
  it('an image with a quote does not escape its string', () => {
    const r = importPolicies('docker-run', 'x', quote(['docker', 'run', 'bad"image}']) + '\n');
    // The compiler refuses the image (E0508); no policy is written.
    expect(r.policies).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('E0508');
  });
});

describe('import ∘ build ∘ import is stable', () => {
  const capability = fc.constantFrom('NET_BIND_SERVICE', 'CHOWN', 'SETUID', 'SETGID', 'KILL', 'NET_RAW');
  const flags = fc.record({
    user: fc.option(fc.tuple(fc.integer({ min: 1, max: 65000 }), fc.integer({ min: 1, max: 65000 })), { nil: undefined }),
    readOnly: fc.boolean(),
    dropAll: fc.boolean(),
    add: fc.uniqueArray(capability, { maxLength: 3 }),
    memory: fc.option(fc.integer({ min: 8, max: 4096 }), { nil: undefined }),
    pids: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
    cpus: fc.option(fc.integer({ min: 10, max: 4000 }), { nil: undefined }),
    nnp: fc.boolean(),
    tmpfs: fc.option(fc.integer({ min: 1, max: 512 }), { nil: undefined }),
    port: fc.option(fc.integer({ min: 1024, max: 65000 }), { nil: undefined }),
    env: fc.option(fc.string({ maxLength: 12 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff$]/.test(s)), { nil: undefined }),
  });
  it('the policy of a generated docker run line, built to docker run flags and imported again, is the same policy', () => {
    fc.assert(
      fc.property(flags, (f) => {
        const argv = ['docker', 'run'];
        if (f.user) argv.push('-u', `${f.user[0]}:${f.user[1]}`);
        if (f.readOnly) argv.push('--read-only');
        if (f.dropAll) argv.push('--cap-drop=ALL');
        for (const c of f.add) argv.push('--cap-add', c);
        if (f.memory) argv.push('-m', `${f.memory}m`);
        if (f.pids) argv.push('--pids-limit', String(f.pids));
        if (f.cpus) argv.push(`--cpus=${f.cpus / 1000}`);
        if (f.nnp) argv.push('--security-opt', 'no-new-privileges:true');
        if (f.tmpfs) argv.push('--tmpfs', `/scratch:size=${f.tmpfs}m`);
        if (f.port) argv.push('-p', `127.0.0.1:${f.port}:80`);
        if (f.env !== undefined) argv.push('-e', `V=${f.env}`);
        argv.push('--name', 'app', 'busybox:1.36', 'sleep', '60');
        const first = only('docker-run', quote(argv) + '\n');
        expectBuilds(first.text);
        const ir = compile('app.secpol', first.text, { readFile: () => undefined }).ir!;
        const run = emitAll(ir).find((a) => a.path.endsWith('docker-run.txt'))!.content.toString();
        const line = run.split('\n').find((l) => l.startsWith('docker run'))!;
        const second = only('docker-run', line + '\n');
        expect(second.text).toBe(first.text);
      }),
      { numRuns: 60 },
    );
  });
});
