// The compiler's warnings (W01xx) become lint rules: every warning code of the catalog is named by a
// rule's `replaces`, and wherever the compiler warns, a rule that replaces the code has a finding at
// the same line:column (the rules may say more, never less). Shown on the examples, the golden
// fixtures and a fixed set of generated policies that mix the statements the warnings are about,
// alone, across `extends` and over presets.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/compiler/diagnostics/catalog.js';
import { lintContext } from '../../src/lint/context.js';
import { lintPolicy } from '../../src/lint/lint.js';
import { LINT_RULES } from '../../src/lint/rules.js';
import { compileText } from '../support/harness.js';
import { repoHost, repoRoot } from '../support/repo.js';
import { compile } from '../../src/compiler/compile.js';
import type { CompileResult } from '../../src/compiler/compile.js';

const warningCodes = Object.keys(CATALOG).filter((c) => c.startsWith('W'));

/**
 * Statements, in groups of which a policy takes at most one; `block: line` entries joined by ` ;; `
 * (block '' is the workload itself). Each group is chosen so the policy still compiles.
 */
const GROUPS: readonly (readonly string[])[] = [
  [': user root', ': user 1000:1000', ': user 101:101'],
  [': no-new-privileges off', ': no-new-privileges on'],
  [': apparmor-profile unconfined', ': apparmor-profile secpol-x'],
  [': selinux disable', ': selinux { type spc_t }', ': selinux { type unconfined_t; level "s0" }', ': selinux { type container_t }'],
  [': hostname h', ': network none', 'network: mode host', 'network: mode bridge'],
  ['network: publish 8080 -> 80'],
  ['network: publish 127.0.0.1:8081 -> 81'],
  ['network: publish 9090 -> 90/udp'],
  ['network: protocols tcp', 'network: protocols udp', 'network: protocols unix', 'network: protocols netlink', 'network: protocols tcp, unix'],
  ['filesystem: root writable', 'filesystem: root readonly'],
  ['filesystem: bind "/var/run/docker.sock" -> /var/run/docker.sock'],
  ['filesystem: bind "/" -> /host'],
  ['filesystem: bind "/etc" -> /host-etc readonly', 'filesystem: bind "/usr/lib/" -> /host-etc'],
  ['filesystem: bind "/srv/data" -> /data', 'filesystem: volume data -> /data'],
  ['filesystem: tmpfs /run size 4MiB mode 1777', 'filesystem: tmpfs /run size 4MiB'],
  ['filesystem: tmpfs /var/tmp mode 0700 readonly', 'filesystem: tmpfs /var/tmp/ mode 0700'],
  ['capabilities: add SYS_ADMIN', 'capabilities: drop SYS_ADMIN'],
  ['capabilities: add NET_ADMIN', 'capabilities: drop NET_ADMIN'],
  ['capabilities: add chown ;; syscalls: allow fchownat', 'capabilities: drop CHOWN'],
  ['capabilities: add CAP_SYS_PTRACE ;; syscalls: allow ptrace'],
  ['capabilities: add NET_BIND_SERVICE ;; syscalls: allow bind'],
  ['syscalls: allow clone unrestricted', 'syscalls: deny clone', 'syscalls: allow clone', 'syscalls: allow clone if arg0 & CLONE_NEWUSER == 0'],
  [
    'syscalls: allow socket',
    'syscalls: allow socket if arg1 == SOCK_STREAM',
    'syscalls: allow socket if arg1 in [SOCK_STREAM, SOCK_DGRAM]',
    'syscalls: allow socket if arg0 in [AF_INET, AF_UNIX]',
    'syscalls: deny socket',
    'syscalls: allow socket if arg0 == AF_NETLINK',
    'syscalls: allow socket if arg1 & SOCK_TYPE_MASK == SOCK_STREAM',
    'syscalls: allow socket if arg0 == AF_INET and arg1 == SOCK_DGRAM',
  ],
  ['syscalls: allow socketpair if arg0 == AF_UNIX', 'syscalls: allow socketpair if arg0 == AF_UNIX and arg1 == SOCK_STREAM', 'syscalls: allow socketpair', 'syscalls: deny socketpair'],
  ['syscalls: allow @process'],
  ['syscalls: allow @network-server'],
  ['syscalls: default allow', 'syscalls: default errno EPERM'],
  ['namespaces: pid host'],
  ['namespaces: ipc host', 'namespaces: ipc shareable'],
  ['namespaces: uts host'],
  ['namespaces: cgroup host'],
  [
    'namespaces: user private ;; namespaces: uid-map 0 -> 100000 count 65536',
    'namespaces: user private ;; namespaces: uid-map 0 -> 100000 count 65536 ;; namespaces: gid-map 0 -> 200000 count 65536',
    'namespaces: user private ;; namespaces: uid-map 0 -> 100000 count 1000 ;; namespaces: uid-map 1000 -> 300000 count 65536',
    'namespaces: user host',
  ],
  ['limits: memory unlimited', 'limits: memory 256MiB'],
  ['limits: memory-swap unlimited', 'limits: memory-swap 1GiB'],
  ['limits: pids unlimited', 'limits: pids 64'],
];

/** A small linear congruential generator: the same policies on every run. */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function generated(count: number): { text: string; files: Record<string, string> }[] {
  const rnd = generator(20261204);
  const body = (p: number): string => {
    const top: string[] = [];
    const blocks = new Map<string, string[]>();
    for (const g of GROUPS) {
      if (rnd() >= p) continue;
      for (const entry of g[Math.floor(rnd() * g.length)]!.split(' ;; ')) {
        const [block, line] = [entry.slice(0, entry.indexOf(': ')), entry.slice(entry.indexOf(': ') + 2)];
        if (block === '') top.push(`  ${line}`);
        else blocks.set(block, [...(blocks.get(block) ?? []), `    ${line}`]);
      }
    }
    return [...top, ...[...blocks].map(([b, ls]) => `  ${b} {\n${ls.join('\n')}\n  }`)].join('\n');
  };
  const policy = (name: string, head: string, b: string): string => `${head}workload ${name} {\n  image "busybox:1"\n${b}\n}\n`;
  const presets = ['web-server', 'batch-job', 'docker-default', 'hardened'];
  return Array.from({ length: count }, (): { text: string; files: Record<string, string> } => {
    const kind = rnd();
    if (kind < 0.5) return { text: policy('app', '', body(0.15)), files: {} };
    if (kind < 0.8) return { text: policy('app', 'extends "./base.secpol"\n', body(0.12)), files: { 'base.secpol': policy('base', '', body(0.15)) } };
    return { text: policy('app', `extends preset ${presets[Math.floor(rnd() * presets.length)]}\n`, body(0.12)), files: {} };
  });
}

/** Each warning the compiler gave that no replacing rule reports at the same place, as `W0101@3:9 → SPL101`. */
function unmatched(result: CompileResult): string[] {
  if (!result.ir) return [];
  const ctx = lintContext(result);
  const report = lintPolicy('test.secpol', result);
  const left = report.findings.map((f) => ({ rule: f.ruleId, at: `${f.region.line}:${f.region.column}`, used: false }));
  const out: string[] = [];
  for (const d of result.diagnostics.filter((x) => x.code.startsWith('W'))) {
    const region = ctx.at(d.span);
    const at = `${region.line}:${region.column}`;
    const rules = LINT_RULES.filter((r) => r.replaces?.includes(d.code)).map((r) => r.id);
    const match = left.find((f) => !f.used && rules.includes(f.rule) && f.at === at);
    if (match) match.used = true;
    else out.push(`${d.code}@${at} → ${rules.join(', ') || 'no rule'}`);
  }
  return out;
}

describe('the rules that replace the compiler warnings', () => {
  it('name every warning code of the catalog, each code a W01xx one', () => {
    const replaced = new Set(LINT_RULES.flatMap((r) => r.replaces ?? []));
    expect(warningCodes.filter((c) => !replaced.has(c))).toEqual([]);
    for (const r of LINT_RULES) for (const c of r.replaces ?? []) expect(c, r.id).toMatch(/^W01\d{2}$/);
  });

  it('are the ones docs/lint.md names for each warning', () => {
    // A range, `SPL201–SPL205`, names every rule between its ends.
    const named = (cell: string): string[] =>
      [...cell.matchAll(/SPL(\d{3})(?:–SPL(\d{3}))?/g)].flatMap((m) => Array.from({ length: Number(m[2] ?? m[1]) - Number(m[1]) + 1 }, (_, i) => `SPL${Number(m[1]) + i}`));
    const rows = [...readFileSync(join(repoRoot, 'docs', 'lint.md'), 'utf8').matchAll(/^\| (W01\d{2}) \| (.*) \|$/gm)].map((m) => [m[1]!, named(m[2]!)]);
    // From the rules, not the catalog, so the table stays right once the warnings are gone.
    const codes = [...new Set(LINT_RULES.flatMap((r) => r.replaces ?? []))].sort();
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(codes.map((c) => [c, LINT_RULES.filter((r) => r.replaces?.includes(c)).map((r) => r.id)])));
  });

  it('report every warning of the examples and the golden fixtures, at its place', () => {
    const files = [
      ...readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).map((f) => `examples/${f}`),
      ...readdirSync(join(repoRoot, 'test/golden/cases')).map((c) => `test/golden/cases/${c}/policy.secpol`),
    ];
    for (const f of files) expect(unmatched(compile(f, readFileSync(join(repoRoot, f), 'utf8'), repoHost)), f).toEqual([]);
  });

  it('report every warning of generated policies, at its place, alone, across extends and over presets', () => {
    let compiled = 0;
    const warned = new Set<string>();
    for (const c of generated(800)) {
      const r = compileText(c.text, c.files);
      if (!r.ir) continue;
      compiled++;
      for (const d of r.diagnostics) if (d.code.startsWith('W')) warned.add(d.code);
      expect(unmatched(r), c.text).toEqual([]);
    }
    // The corpus is worth something only if it compiles and meets every warning.
    expect(compiled).toBeGreaterThan(400);
    expect([...warned].sort()).toEqual([...warningCodes].sort());
  });
});
