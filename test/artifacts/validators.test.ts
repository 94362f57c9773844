/**
 * The real validators, over every example and golden case: the official OCI runtime-spec and
 * compose-spec schemas (ajv), AppArmor's own parser, docker-compose's loader, and libseccomp's table
 * for every syscall name on every architecture a rule applies to.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { BUILT } from '../support/cases.js';
import { requireEngine } from '../support/engines.js';
import { apparmorParse, dockerComposeConfig, loadSyscallTable, validateComposeFile, validateOciConfig } from '../support/validators.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const apparmor = requireEngine('apparmor_parser');
const compose = requireEngine('compose');

// Docker's `includes.arches` names → libseccomp's table columns.
const GO_ARCH: Readonly<Record<string, string>> = { amd64: 'x86_64', x86: 'x86', x32: 'x32', arm64: 'aarch64', arm: 'arm' };
const SCMP: Readonly<Record<string, string>> = { SCMP_ARCH_X86_64: 'x86_64', SCMP_ARCH_X86: 'x86', SCMP_ARCH_X32: 'x32', SCMP_ARCH_AARCH64: 'aarch64', SCMP_ARCH_ARM: 'arm' };

describe.each(BUILT.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const file = (suffix: string) => c.files.get(suffix)!;

  it('config.json validates against the OCI runtime-spec schema', () => {
    const r = validateOciConfig(JSON.parse(file('config.json')));
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('compose.yaml validates against the compose-spec schema', () => {
    const r = validateComposeFile(yaml.load(file('compose.yaml')));
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('every seccomp syscall name exists on every architecture its rule applies to', () => {
    const table = loadSyscallTable();
    const profile: Json = JSON.parse(file(`${c.ir.name}.seccomp.json`));
    const all = (profile.archMap as Json[]).flatMap((a) => [a.architecture, ...a.subArchitectures]).map((a: string) => SCMP[a]!);
    const missing: string[] = [];
    for (const rule of profile.syscalls as Json[]) {
      // Docker matches `includes.arches` against the daemon's own (64-bit) architecture, so a rule
      // for a 32-bit companion also names its primary; its names must exist on the companions named.
      const listed = rule.includes?.arches ? (rule.includes.arches as string[]).map((a) => GO_ARCH[a]!).filter((a) => all.includes(a)) : all;
      const companions = listed.filter((a) => a === 'x86' || a === 'x32' || a === 'arm');
      const arches: string[] = rule.includes?.arches && companions.length > 0 ? companions : listed;
      for (const n of rule.names as string[]) for (const a of arches) if (!table.numbers.get(n)?.has(a)) missing.push(`${n} on ${a}`);
    }
    expect(missing).toEqual([]);
    const oci: Json = JSON.parse(file('config.json'));
    for (const rule of oci.linux.seccomp.syscalls as Json[]) for (const n of rule.names as string[]) expect(table.numbers.has(n), n).toBe(true);
  });

  it.skipIf(apparmor.skip)('the AppArmor profile compiles with apparmor_parser', () => {
    const r = apparmorParse(file(`${c.ir.name}.apparmor`));
    expect(r.stderr.trim()).toBe('');
    expect(r.ok).toBe(true);
  });

  it.skipIf(compose.skip)('docker-compose config accepts the fragment next to its seccomp profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-compose-'));
    try {
      for (const [p, content] of c.files) {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), content);
      }
      const r = dockerComposeConfig(dir);
      expect(r.stderr).not.toMatch(/ERROR|error/);
      expect(r.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
