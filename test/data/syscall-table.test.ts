/** The committed syscall table is libseccomp's syscalls.csv, number for number, on all five architectures. */
import { describe, expect, it } from 'vitest';
import { ALL_SYSCALL_NAMES, SYSCALL_TABLE_VERSION, X32_SYSCALL_BIT, syscallExists, syscallNumber } from '../../src/compiler/data/syscall-table.js';
import { ARCHES, readReference } from './reference.js';

const csv = readReference('libseccomp/syscalls.csv').trimEnd().split('\n');
const head = csv[0]!.split(',');
const rows = csv.slice(1).map((l) => l.split(','));
/** name → arch → number, or null for PNR. */
const reference = new Map(rows.map((f) => [f[0]!, Object.fromEntries(ARCHES.map((a) => [a, f[head.indexOf(a)] === 'PNR' ? null : Number(f[head.indexOf(a)])]))]));

describe('syscall table against libseccomp syscalls.csv', () => {
  it('has a column for every architecture', () => {
    for (const a of ARCHES) expect(head.indexOf(a), a).toBeGreaterThan(0);
  });

  it.each(ARCHES)('gives every csv number on %s, and PNR names are absent', (arch) => {
    const wrong: string[] = [];
    for (const [name, nums] of reference) {
      const want = nums[arch] ?? undefined;
      if (syscallNumber(name, arch) !== want) wrong.push(`${name}: table ${syscallNumber(name, arch)}, csv ${want}`);
      if (syscallExists(name, arch) !== (want !== undefined)) wrong.push(`${name}: syscallExists disagrees`);
    }
    expect(wrong).toEqual([]);
  });

  it('knows no name the csv lacks', () => {
    expect(ALL_SYSCALL_NAMES.filter((n) => !reference.has(n))).toEqual([]);
  });

  it('lists, sorted and once each, exactly the names present on at least one of the five', () => {
    const want = [...reference].filter(([, nums]) => ARCHES.some((a) => nums[a] !== null)).map(([n]) => n).sort();
    expect(ALL_SYSCALL_NAMES).toEqual(want);
    expect(new Set(ALL_SYSCALL_NAMES).size).toBe(ALL_SYSCALL_NAMES.length);
  });

  it('names the libseccomp tag and the kernel of the csv header', () => {
    const kernel = /^#syscall \((v\S+) /.exec(head[0]!)![1]!;
    const tag = /Release: tag \*\*(v[0-9.]+)\*\*/.exec(readReference('libseccomp/SOURCE.md'))![1]!;
    expect(SYSCALL_TABLE_VERSION).toBe(`libseccomp ${tag} (Linux ${kernel})`);
  });
});

describe('syscall table facts the compiler relies on', () => {
  const where = (name: string) => ARCHES.filter((a) => syscallExists(name, a));

  it('has no legacy open, stat or access on aarch64 (asm-generic unistd has only the *at forms)', () => {
    for (const n of ['open', 'stat', 'lstat', 'access', 'readlink', 'rename', 'unlink', 'mkdir', 'fork', 'poll', 'select', 'epoll_wait'])
      expect(syscallExists(n, 'aarch64'), n).toBe(false);
    expect(where('openat')).toEqual([...ARCHES]);
    expect(where('newfstatat')).toEqual(['x86_64', 'x32', 'aarch64']);
  });

  it('has socketcall and ipc only on x86 (arm EABI has the direct calls)', () => {
    expect(where('socketcall')).toEqual(['x86']);
    expect(where('ipc')).toEqual(['x86']);
    expect(syscallNumber('socketcall', 'x86')).toBe(102);
  });

  it('has the architecture-private calls only where they belong', () => {
    expect(where('arch_prctl')).toEqual(['x86_64', 'x86', 'x32']);
    expect(where('set_thread_area')).toEqual(['x86_64', 'x86']);
    expect(where('set_tls')).toEqual(['arm']);
    expect(syscallNumber('cacheflush', 'arm')).toBe(0x0f0002);
    expect(where('mmap2')).toEqual(['x86', 'arm']);
  });

  it('keeps x32 numbers without the X32 bit, and its own numbers for the compat calls', () => {
    expect(X32_SYSCALL_BIT).toBe(0x40000000);
    expect(syscallNumber('openat', 'x32')).toBe(257);
    expect(syscallNumber('rt_sigaction', 'x32')).toBe(512);
    expect(syscallNumber('rt_sigaction', 'x86_64')).toBe(13);
  });

  it('answers undefined for names that are not syscalls', () => {
    for (const n of ['', 'nope', 'OPENAT', '__proto__', 'constructor', 'toString']) {
      expect(syscallNumber(n, 'x86_64'), n).toBeUndefined();
      expect(syscallExists(n, 'x86_64'), n).toBe(false);
    }
  });
});
