/**
 * Every named constant equals what the host's C headers say, compiled and printed by `cc`; the
 * values that differ between architectures resolve only per architecture.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSTANT_NAMES, constantValue } from '../../src/compiler/data/constants.js';
import { CONSTANT_ROWS } from '../../src/compiler/data/generated/constant-rows.js';
import { ARCHES, hasCommand, hostArch } from './reference.js';

const ccOk = hasCommand('cc') && hostArch !== undefined;
if (!ccOk) console.warn(`\n*** SKIPPED the C-header checks in test/data/constants.test.ts: ${hasCommand('cc') ? `host ${process.arch} is not x86_64 or aarch64` : 'cc not found'} ***\n`);

const work = mkdtempSync(path.join(tmpdir(), 'secpol-constants-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** name → value as a C program including `header` prints it. */
function fromHeader(header: string, names: readonly string[]): Map<string, number> {
  const base = path.join(work, header.replace(/\W/g, '_'));
  const lines = names.map((n) => `  printf("%s %llu\\n", "${n}", (unsigned long long)(${n}));`);
  writeFileSync(`${base}.c`, `#include <${header}>\n#include <stdio.h>\nint main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`);
  execFileSync('cc', ['-o', base, `${base}.c`]);
  const out = execFileSync(base, { encoding: 'utf8' });
  return new Map(out.trim().split('\n').map((l) => l.split(' ') as [string, string]).map(([n, v]) => [n, Number(v)]));
}

const byHeader = new Map<string, string[]>();
for (const [name, , header] of CONSTANT_ROWS) byHeader.set(header, [...(byHeader.get(header) ?? []), name]);

describe.skipIf(!ccOk)('constants against the C headers', () => {
  it.each([...byHeader.keys()])('<%s>', (header) => {
    const names = byHeader.get(header)!;
    const values = fromHeader(header, names);
    const wrong = names.filter((n) => constantValue(n, hostArch) !== values.get(n)).map((n) => `${n}: table ${constantValue(n, hostArch)}, header ${values.get(n)}`);
    expect(wrong).toEqual([]);
  });
});

describe('constant lookup', () => {
  it('lists every row once, sorted', () => {
    // Plus SOCK_TYPE_MASK, the kernel's own (include/linux/net.h), which no UAPI header exports.
    expect(CONSTANT_NAMES).toEqual([...CONSTANT_ROWS.map((r) => r[0]), 'SOCK_TYPE_MASK'].sort());
    expect(constantValue('SOCK_TYPE_MASK')).toBe(0xf);
    expect(new Set(CONSTANT_NAMES).size).toBe(CONSTANT_NAMES.length);
  });

  it('has the names policies write', () => {
    const want = ['AF_UNIX', 'AF_LOCAL', 'AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_PACKET', 'AF_ALG', 'AF_VSOCK', 'SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW',
      'SOCK_SEQPACKET', 'SOCK_NONBLOCK', 'SOCK_CLOEXEC', 'CLONE_NEWUSER', 'CLONE_NEWNS', 'CLONE_NEWPID', 'CLONE_NEWNET', 'CLONE_NEWUTS', 'CLONE_NEWIPC',
      'CLONE_NEWCGROUP', 'CLONE_NEWTIME', 'CLONE_THREAD', 'PROT_READ', 'PROT_WRITE', 'PROT_EXEC', 'PROT_NONE', 'MAP_SHARED', 'MAP_PRIVATE', 'MAP_ANONYMOUS',
      'MAP_FIXED', 'O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_TRUNC', 'O_CLOEXEC', 'O_PATH', 'PR_SET_NO_NEW_PRIVS', 'PR_SET_DUMPABLE', 'TIOCSTI',
      'PER_LINUX', 'PER_LINUX32', 'UNAME26'];
    expect(want.filter((n) => !CONSTANT_NAMES.includes(n))).toEqual([]);
  });

  it("gives the values Docker's default profile uses", () => {
    expect(constantValue('AF_ALG')).toBe(38);
    expect(constantValue('AF_VSOCK')).toBe(40);
    // The clone rule's mask: every CLONE_NEW* flag clone(2) accepts (CLONE_NEWTIME shares CSIGNAL's bits).
    const ns = ['CLONE_NEWNS', 'CLONE_NEWCGROUP', 'CLONE_NEWUTS', 'CLONE_NEWIPC', 'CLONE_NEWUSER', 'CLONE_NEWPID', 'CLONE_NEWNET'];
    expect(ns.reduce((m, n) => m | constantValue(n)!, 0)).toBe(2114060288);
    expect(constantValue('UNAME26')! | constantValue('PER_LINUX32')!).toBe(131080);
  });

  it('resolves the arm-specific open flags only per architecture', () => {
    for (const n of ['O_DIRECT', 'O_DIRECTORY', 'O_NOFOLLOW', 'O_TMPFILE']) {
      expect(CONSTANT_NAMES, n).toContain(n);
      expect(constantValue(n), n).toBeUndefined();
      for (const a of ARCHES) expect(constantValue(n, a), `${n} ${a}`).toBeGreaterThan(0);
    }
    expect(constantValue('O_DIRECTORY', 'x86_64')).toBe(0o200000);
    expect(constantValue('O_DIRECTORY', 'aarch64')).toBe(0o40000);
    expect(constantValue('O_DIRECTORY', 'arm')).toBe(0o40000);
    for (const a of ARCHES) expect(constantValue('O_TMPFILE', a)).toBe(0o20000000 | constantValue('O_DIRECTORY', a)!);
  });

  it('gives the same value with or without an architecture for the others', () => {
    for (const n of CONSTANT_NAMES) {
      const v = constantValue(n);
      if (v === undefined) continue;
      for (const a of ARCHES) expect(constantValue(n, a), `${n} ${a}`).toBe(v);
    }
  });

  it('keeps every value a non-negative safe integer', () => {
    for (const n of CONSTANT_NAMES) for (const a of ARCHES) expect(Number.isSafeInteger(constantValue(n, a)) && constantValue(n, a)! >= 0, n).toBe(true);
  });

  it('answers undefined for unknown names and wrong case', () => {
    for (const n of ['', 'AF_INET7', 'af_inet', 'AT_FDCWD', 'O_LARGEFILE', '__proto__']) expect(constantValue(n), n).toBeUndefined();
  });
});
