// `secpol explain` as a user runs it: why a syscall, capability or path is allowed or refused, traced
// to the statement, group, preset or base policy, and the summary of every example.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const examples = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).sort().map((f) => `examples/${f}`);

describe('secpol explain', () => {
  it('traces a syscall to its group in a base policy and the `extends` that brought the base in', () => {
    const r = run(['explain', 'examples/api.secpol', '--syscall', 'openat']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('`openat` is allowed: group `@file-io` in `allow @file-io, @process, @memory, @signals, @timers, @sync, @events, @identity, @system-info` (examples/shared/base.secpol:14:5) ← `extends "./shared/base.secpol"` at examples/api.secpol:2:9');
  });

  it('traces a syscall to its group in a preset', () => {
    const r = run(['explain', 'examples/worker.secpol', '--syscall', 'read']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('`read` is allowed: group `@file-io` in `allow @file-io, @file-meta, @process, @memory, @signals, @timers, @sync, @events, @identity, @system-info` (preset `batch-job`, <preset:batch-job>:4:5) ← `extends preset batch-job` at examples/worker.secpol:2:16');
  });

  it('shows conditions, and a name that overrides its group', () => {
    const r = run(['explain', 'examples/api.secpol', '--syscall', 'socket']);
    expect(r.out).toContain('`socket` is allowed: `allow socket if arg0 in [AF_INET, AF_INET6, AF_UNIX]` (examples/api.secpol:21:5)');
    // One line for the condition as written (within `protocols`), however many rules the filter needs.
    expect(r.out.split('\n').filter((l) => l.startsWith('  emitted: allow when'))).toEqual(['  emitted: allow when arg0 in [AF_INET, AF_INET6, AF_UNIX], protocols tcp, unix (3 seccomp rules)']);
    expect(r.out).toContain('  overrides: group `@network-server` in `allow @network-server` (examples/api.secpol:20:5)');
  });

  it('says an exception carved out of an allow in the policy\'s words', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-explain-'));
    const file = join(dir, 'tty.secpol');
    writeFileSync(file, 'workload tty {\n  image "busybox"\n  syscalls {\n    allow @file-io, ioctl\n    deny ioctl if arg1 == TIOCSTI\n  }\n}\n');
    const r = run(['explain', file, '--syscall', 'ioctl']);
    rmSync(dir, { recursive: true });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`  except: \`deny ioctl if arg1 == TIOCSTI\` (${file}:5:5)`);
    expect(r.out).toContain('  emitted: allow except when arg1 == TIOCSTI (32 seccomp rules)\n  emitted: errno EPERM when arg1 == TIOCSTI\n');
  });

  it('says what refuses a syscall: a deny rule, or the default action', () => {
    expect(run(['explain', 'examples/api.secpol', '--syscall', 'ptrace']).out).toContain('`ptrace` is refused: `deny ptrace, bpf, userfaultfd, keyctl, add_key, request_key with kill` (examples/shared/base.secpol:15:5) ← `extends "./shared/base.secpol"` at examples/api.secpol:2:9\n  emitted: kill');
    const mount = run(['explain', 'examples/web.secpol', '--syscall', 'mount']);
    expect(mount.code).toBe(0);
    expect(mount.out).toContain('`mount` is not allowed: no rule names it, so the default action `errno EPERM` applies (examples/web.secpol:26:13)');
    expect(run(['explain', 'examples/postgres.secpol', '--syscall', 'mount']).out).toContain("the default action `errno EPERM` applies (secpol's default)");
  });

  it('traces a capability to its `add`, or says why it is not granted', () => {
    expect(run(['explain', 'examples/web.secpol', '--capability', 'net_bind_service']).out).toBe('`CAP_NET_BIND_SERVICE` is granted: `add NET_BIND_SERVICE` (examples/web.secpol:22:9)\n');
    expect(run(['explain', 'examples/api.secpol', '--capability', 'SYS_ADMIN']).out).toContain("`CAP_SYS_ADMIN` is not granted: every capability not added is dropped, from every set (secpol's default)");
  });

  it('explains a path: the tmpfs that makes it writable, the deny rule that refuses it', () => {
    const tmp = run(['explain', 'examples/api.secpol', '--path', '/tmp/cache']);
    expect(tmp.out).toContain('  write: allowed by `tmpfs /tmp` (examples/shared/base.secpol:8:5) ← `extends "./shared/base.secpol"` at examples/api.secpol:2:9');
    expect(tmp.out).toContain('  exec: not allowed: `tmpfs /tmp`');
    const mem = run(['explain', 'examples/api.secpol', '--path', '/proc/1/mem']);
    expect(mem.out).toContain('  refused: `deny /proc/*/mem` (examples/shared/base.secpol:9:10)');
    const jobs = run(['explain', 'examples/worker.secpol', '--path', '/jobs/incoming/a.png']);
    expect(jobs.out).toContain('  write: allowed by `volume thumbnail-jobs -> /jobs` (examples/worker.secpol:12:5)');
    expect(jobs.out).toContain('  read: allowed by `read /jobs/**` (examples/worker.secpol:13:28)');
    expect(jobs.out).toContain('  exec: not allowed: `exec` rules narrow execution and none matches');
    expect(run(['explain', 'examples/api.secpol', '--path', '/etc/passwd']).out).toContain("  write: not allowed: the root file system is read-only (secpol's default)");
  });

  it('answers an unknown name with "did you mean" and exit 2', () => {
    const s = run(['explain', 'examples/api.secpol', '--syscall', 'opnat']);
    expect(s.code).toBe(2);
    expect(s.err).toBe('secpol: error: unknown syscall `opnat`\nhelp: did you mean `openat`?\n');
    const c = run(['explain', 'examples/api.secpol', '--capability', 'net_bind_servce']);
    expect(c.code).toBe(2);
    expect(c.err).toContain('did you mean `NET_BIND_SERVICE`?');
    expect(run(['explain', 'examples/api.secpol', '--capability', 'ptrace']).err).toContain('`ptrace` is a syscall: `--syscall ptrace`');
    expect(run(['explain', 'examples/api.secpol', '--path', 'tmp']).code).toBe(2);
    expect(run(['explain', 'examples/api.secpol', '--syscall', 'read', '--path', '/tmp']).code).toBe(2);
    expect(run(['explain', 'no-such.secpol']).code).toBe(2);
  });

  it('summarises the privileges of every example', () => {
    for (const f of examples) {
      const r = run(['explain', f]);
      expect(r.code, f).toBe(0);
      for (const key of ['user:', 'capabilities:', 'syscalls:', 'groups:', 'writable:', 'ports:', 'namespaces:', 'limits:']) expect(r.out, `${f} ${key}`).toContain(key);
    }
    const api = run(['explain', 'examples/api.secpol']).out;
    expect(api).toContain('workload `payments-api` (examples/api.secpol), extends examples/shared/base.secpol (extended at examples/api.secpol:2:9)');
    expect(api).toContain('  user:          20000:20000');
    expect(api).toContain('  ports:         127.0.0.1:8443 -> 8443/tcp');
    expect(api).toContain('  limits:        memory 512MiB (swap total 512MiB), cpus 0.5, pids 128');
    expect(api).toContain("  confinement:   AppArmor secpol-payments-api; SELinux the engine's label; runtime the engine's default");
  });

  it('summarises the runtime, the SELinux label, joined networks and user namespace maps', () => {
    const sandboxed = run(['explain', 'test/golden/cases/runtime-labels/policy.secpol']).out;
    expect(sandboxed).toContain('  confinement:   AppArmor secpol-sandboxed; SELinux type container_t, level s0:c100,c200; runtime runsc (untrusted code)');
    const segmented = run(['explain', 'test/golden/cases/networks-segmented/policy.secpol']).out;
    expect(segmented).toMatch(/^ {2}network: {7}networks .*\(internal\)/m);
    const mapped = run(['explain', 'test/golden/cases/userns-mapped/policy.secpol']).out;
    expect(mapped).toMatch(/^ {2}namespaces: .*user private \(uid map 0 -> \d+ count \d+.*; gid map .*\)$/m);
  });

  it('gives the same answers as JSON for programs: the verdict, the statements that decide it and where they are', () => {
    const json = (args: string[]) => {
      const r = run(['explain', ...args, '--format', 'json']);
      expect(r.code, args.join(' ')).toBe(0);
      const doc = JSON.parse(r.out);
      // The text answer rides along, and is what the text format prints.
      expect(doc.text).toBe(run(['explain', ...args]).out);
      return doc;
    };
    const openat = json(['examples/api.secpol', '--syscall', 'openat']);
    expect(openat).toMatchObject({ ok: true, file: 'examples/api.secpol', workload: 'payments-api', question: { kind: 'syscall', name: 'openat' } });
    expect(openat.answer).toMatchObject({ kind: 'syscall', name: 'openat', decision: 'allowed', conditional: false, decidedBy: 'statement' });
    expect(openat.answer.statements[0]).toEqual({ role: 'decides', statement: 'allow @file-io, @process, @memory, @signals, @timers, @sync, @events, @identity, @system-info', at: { file: 'examples/shared/base.secpol', line: 14, column: 5, preset: null } });
    const socket = json(['examples/api.secpol', '--syscall', 'socket']).answer;
    expect(socket).toMatchObject({ decision: 'allowed', conditional: true });
    expect(socket.statements.map((s: { role: string }) => s.role)).toEqual(['decides', 'overridden']);
    expect(json(['examples/api.secpol', '--syscall', 'ptrace']).answer).toMatchObject({ decision: 'refused', decidedBy: 'statement', emitted: [{ action: 'kill' }] });
    expect(json(['examples/api.secpol', '--syscall', 'mount']).answer).toMatchObject({ decision: 'refused', decidedBy: 'default', statements: [{ role: 'default', at: { file: 'examples/shared/base.secpol', line: 13, column: 13 } }] });
    expect(json(['examples/worker.secpol', '--syscall', 'read']).answer.statements[0].at).toEqual({ file: '<preset:batch-job>', line: 4, column: 5, preset: 'batch-job' });
    const cap = json(['examples/web.secpol', '--capability', 'NET_BIND_SERVICE']).answer;
    expect(cap).toMatchObject({ kind: 'capability', name: 'CAP_NET_BIND_SERVICE', decision: 'granted' });
    expect(cap.statements[0]).toMatchObject({ role: 'add', at: { file: 'examples/web.secpol' } });
    expect(json(['examples/api.secpol', '--capability', 'SYS_ADMIN']).answer).toMatchObject({ decision: 'not granted', statements: [] });
    const tmpPath = json(['examples/api.secpol', '--path', '/tmp']).answer;
    expect(tmpPath).toMatchObject({ kind: 'path', name: '/tmp', refused: false, write: { allowed: true, statements: [{ role: 'mount', statement: 'tmpfs /tmp', at: { file: 'examples/shared/base.secpol' } }] } });
    expect(json(['examples/api.secpol', '--path', '/etc/passwd']).answer).toMatchObject({ write: { allowed: false } });
    for (const f of examples) {
      const s = json([f]).answer;
      expect(s, f).toMatchObject({ kind: 'summary', file: f });
      for (const key of ['user', 'capabilities', 'syscalls', 'writable', 'ports', 'namespaces', 'limits']) expect(s, `${f} ${key}`).toHaveProperty(key);
    }
    expect(json(['examples/api.secpol']).answer).toMatchObject({ workload: 'payments-api', user: { uid: 20000, gid: 20000 }, limits: { memoryBytes: 512 * 1024 * 1024, milliCpus: 500, pids: 128 } });
  });

  it('in JSON, a policy that does not compile is ok: false with its diagnostics (exit 1); a usage error stays on stderr (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-explain-'));
    writeFileSync(join(dir, 'bad.secpol'), 'workload bad {\n  image "x:1"\n  capabilities { add SYS_ADMN }\n}\n');
    const r = spawnSync(process.execPath, [bin, 'explain', 'bad.secpol', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, file: 'bad.secpol', diagnostics: [{ code: 'E0301', location: { line: 3, column: 22 } }] });
    const u = run(['explain', 'examples/api.secpol', '--syscall', 'opena', '--format', 'json']);
    expect([u.code, u.out]).toEqual([2, '']);
    expect(u.err).toContain('did you mean `open`?');
  });
});
