// The IR's provenance and the query module over it: which statement set a setting, what lets a
// syscall through, a path's status — answered from the IR alone, as lint, explain and diff ask.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emit } from '../../src/index.js';
import type { Origin, PolicyIR } from '../../src/compiler/ir.js';
import { allowingRules, capabilityGrants, firstSettingOrigin, pathStatus, rulesMentioning, settingOrigin, syscallDecision } from '../../src/compiler/ir-query.js';
import { compileText, workload } from '../support/harness.js';
import { repoRoot } from '../support/repo.js';

const irOf = (text: string, files: Record<string, string> = {}): PolicyIR => {
  const r = compileText(text, files);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.ir!;
};
const where = (o: Origin | null | undefined): string => (o ? `${o.file}:${o.line}:${o.column}-${o.endLine}:${o.endColumn}` : 'default');

const BASE = 'workload base {\n  image "busybox:1"\n  capabilities { add NET_ADMIN }\n  syscalls { allow @network-client }\n  lint { ignore SPL101 NET_ADMIN "the base routes" }\n}\n';
const CHILD = [
  'extends "./base.secpol"',
  'workload app {',
  '  user 1000:1000',
  '  capabilities { add net_admin }',
  '  namespaces { pid host }',
  '  filesystem {',
  '    tmpfs /tmp/ size 1MiB',
  '    bind "/srv/data/" -> /data/ readonly',
  '    write /var/cache/**',
  '    deny /var/cache/secret',
  '  }',
  '  syscalls {',
  '    allow ptrace',
  '    allow socket if arg0 == AF_INET and arg1 == SOCK_STREAM',
  '    deny connect if arg0 == 3',
  '  }',
  '  limits { memory unlimited }',
  '}',
  '',
].join('\n');

describe('provenance in the IR', () => {
  const ir = irOf(CHILD, { 'base.secpol': BASE });

  it('gives each setting the span of the part of the statement that decided it (the value), and nothing for a default', () => {
    expect(where(settingOrigin(ir, 'user'))).toBe('test.secpol:3:8-3:17');
    expect(where(settingOrigin(ir, 'namespaces.pid'))).toBe('test.secpol:5:20-5:24');
    expect(settingOrigin(ir, 'limits.memory')?.line).toBe(17);
    expect(settingOrigin(ir, 'limits.memory', 'unlimited')?.line).toBe(17);
    expect(settingOrigin(ir, 'limits.pids')).toBeNull();
    expect(settingOrigin(ir, 'filesystem.root')).toBeNull();
    expect(where(settingOrigin(ir, 'name'))).toBe('test.secpol:2:10-2:13');
  });

  it('keeps every grant of a capability, bases first, with the name as written', () => {
    expect(capabilityGrants(ir, 'CAP_NET_ADMIN').map((o) => `${o.file}:${o.line} ${o.what}`)).toEqual(['base.secpol:3 add NET_ADMIN', 'test.secpol:4 add net_admin']);
    expect(capabilityGrants(ir, 'CAP_SYS_ADMIN')).toEqual([]);
  });

  it('keys mounts by the target the lowering normalised, with the span of the part a user wrote', () => {
    expect(ir.filesystem.mounts.map((m) => m.target)).toEqual(['/data']);
    expect(settingOrigin(ir, 'bind.source', '/data')?.column).toBe(10);
    expect(firstSettingOrigin(ir, 'tmpfs.target', '/tmp')?.column).toBe(11);
  });

  it('keeps the lint suppressions as written, with their place', () => {
    expect(ir.provenance.ignores.map((i) => [i.rule, i.subject, i.reason, i.origin.file, i.origin.line])).toEqual([['SPL101', 'NET_ADMIN', 'the base routes', 'base.secpol', 5]]);
  });

  it('sorts the settings by key, and keeps the entries of one key in the order written', () => {
    const keys = ir.provenance.settings.map((s) => s.key);
    expect(keys).toEqual([...keys].sort());
    expect(ir.provenance.syscalls.map((d) => d.names[0]!)).toEqual(ir.provenance.syscalls.map((d) => d.names[0]!).sort());
    for (const d of ir.provenance.syscalls) expect(d.names).toEqual([...d.names].sort());
  });

  it('is the same, byte for byte, on every run', () => {
    expect(JSON.stringify(irOf(CHILD, { 'base.secpol': BASE }))).toBe(JSON.stringify(ir));
  });
});

describe('what lets a syscall through', () => {
  const ir = irOf(CHILD, { 'base.secpol': BASE });

  it('names the written rule that decides a syscall, by name or through a group', () => {
    const ptrace = syscallDecision(ir, 'ptrace')!;
    expect(ptrace.decision.explicit).toBe(true);
    expect(ptrace.rules.map((r) => `${r.origin.line} ${r.text}`)).toEqual(['13 allow ptrace']);
    const connect = syscallDecision(ir, 'connect')!;
    expect(connect.rules.map((r) => `${r.origin.file} ${r.text}`)).toEqual(['base.secpol allow @network-client']);
    expect(connect.carves.map((r) => r.origin.line)).toEqual([15]);
    expect(connect.decision.explicit).toBe(false);
    expect(syscallDecision(ir, 'execve')?.decision.baseline).toBe(true);
    expect(syscallDecision(ir, 'mount')).toBeUndefined();
  });

  it('keeps the conditions as written, each value with its number and place', () => {
    const [socket] = rulesMentioning(ir, 'socket').filter((r) => r.targets.some((t) => t.name === 'socket'));
    expect(socket!.conditions.map((c) => [c.index, c.op, c.text, c.values.map((v) => `${v.text}=${v.number}@${v.origin.column}`)])).toEqual([
      [0, 'EQ', 'arg0 == AF_INET', ['AF_INET=2@29']],
      [1, 'EQ', 'arg1 == SOCK_STREAM', ['SOCK_STREAM=1@49']],
    ]);
  });

  it('lists the filter rules that allow a call, with the statement each came from', () => {
    expect(allowingRules(ir, 'ptrace').map((r) => r.origin.line)).toEqual([13]);
    expect(allowingRules(ir, 'mount')).toEqual([]);
  });
});

describe("a path's status", () => {
  const ir = irOf(CHILD, { 'base.secpol': BASE });

  it('says what writes, mounts and refuses a path', () => {
    const cache = pathStatus(ir, '/var/cache/secret');
    expect(cache.denies.map((p) => p.origin.line)).toEqual([10]);
    expect(cache.writeRules.map((p) => p.origin.what)).toEqual(['write /var/cache/**']);
    expect(cache.onWritableRoot).toBe(false);
    const data = pathStatus(ir, '/data/x');
    expect(data.mount?.target).toBe('/data');
    expect(data.mountReadonly).toBe(true);
    const tmp = pathStatus(ir, '/tmp/a');
    expect([tmp.tmpfs?.target, tmp.mountReadonly, tmp.noexec]).toEqual(['/tmp', false, true]);
  });

  it('names the root statement when the root is writable', () => {
    const w = irOf(workload('  filesystem { root writable }'));
    const st = pathStatus(w, '/etc/app.conf');
    expect(st.onWritableRoot).toBe(true);
    expect(st.rootOrigin?.line).toBe(3);
  });
});

describe('emitters ignore provenance', () => {
  it('emits the same artifacts for every example with the provenance emptied', () => {
    for (const file of ['examples/web.secpol', 'examples/postgres.secpol']) {
      const ir = irOf(readFileSync(`${repoRoot}/${file}`, 'utf8'));
      const bare: PolicyIR = { ...ir, provenance: { settings: [], syscallRules: [], syscalls: [], ignores: [] } };
      expect(emit(bare, ['seccomp', 'apparmor', 'oci', 'compose', 'docker-run', 'kubernetes']), file).toEqual(emit(ir, ['seccomp', 'apparmor', 'oci', 'compose', 'docker-run', 'kubernetes']));
    }
  });
});
