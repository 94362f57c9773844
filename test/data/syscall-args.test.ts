/**
 * The argument widths: known facts of the kernel's prototypes, a record for every syscall a group, a
 * baseline or a constant family speaks of, the names without one written down, and (when Debian's
 * kernel headers are installed) the table against syscalls.h read again by simpler code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSCALL_ARG_ROWS } from '../../src/compiler/data/generated/syscall-arg-rows.js';
import { argBits, SYSCALL_ARGS_SOURCE, syscallArgs } from '../../src/compiler/data/syscall-args.js';
import { RUNTIME_BASELINE_NNP, RUNTIME_BASELINE_NO_NNP, SYSCALL_GROUPS } from '../../src/compiler/data/syscall-groups.js';
import { ALL_SYSCALL_NAMES, syscallExists } from '../../src/compiler/data/syscall-table.js';
import { repoRoot } from './reference.js';

const on64 = (n: string): boolean => syscallExists(n, 'x86_64') || syscallExists(n, 'aarch64');

/**
 * The x86_64 syscalls of libseccomp's table that have no record, and why: no entry point or
 * sys_ni_syscall in Linux 6.1 (the kernel reads nothing; lookup_dcookie is declared but defined
 * nowhere), or newer than 6.1 (libseccomp's table is from a later kernel). A change here is a reviewed diff.
 */
const X86_64_WITHOUT_RECORD = {
  notImplemented: ['_sysctl', 'afs_syscall', 'create_module', 'epoll_ctl_old', 'epoll_wait_old', 'get_kernel_syms', 'get_thread_area',
    'getpmsg', 'lookup_dcookie', 'nfsservctl', 'putpmsg', 'query_module', 'security', 'set_thread_area', 'tuxcall', 'uselib', 'vserver'],
  newerThan61: ['cachestat', 'fchmodat2', 'file_getattr', 'file_setattr', 'futex_requeue', 'futex_wait', 'futex_wake', 'getxattrat',
    'listmount', 'listns', 'listxattrat', 'lsm_get_self_attr', 'lsm_list_modules', 'lsm_set_self_attr', 'map_shadow_stack', 'mseal',
    'open_tree_attr', 'removexattrat', 'rseq_slice_yield', 'setxattrat', 'statmount', 'uprobe', 'uretprobe'],
};

/** The same for aarch64 (nfsservctl is sys_ni_syscall in asm-generic/unistd.h). */
const AARCH64_WITHOUT_RECORD = {
  notImplemented: ['lookup_dcookie', 'nfsservctl'],
  newerThan61: ['cachestat', 'fchmodat2', 'file_getattr', 'file_setattr', 'futex_requeue', 'futex_wait', 'futex_wake', 'getxattrat',
    'listmount', 'listns', 'listxattrat', 'lsm_get_self_attr', 'lsm_list_modules', 'lsm_set_self_attr', 'map_shadow_stack', 'mseal',
    'open_tree_attr', 'removexattrat', 'rseq_slice_yield', 'setxattrat', 'statmount'],
};

describe('syscall arguments: known facts', () => {
  const kind = (name: string, i: number) => {
    const a = syscallArgs(name)?.[i];
    return a && { bits: a.bits, signed: a.signed };
  };

  it.each([
    ['ioctl', 0, 32, false], // unsigned int fd
    ['ioctl', 1, 32, false], // unsigned int cmd: (1 << 32) | TIOCSTI is TIOCSTI
    ['ioctl', 2, 64, false],
    ['socket', 0, 32, true],
    ['socket', 1, 32, true],
    ['socket', 2, 32, true],
    ['fcntl', 1, 32, false],
    ['prctl', 0, 32, true],
    ['personality', 0, 32, false],
    ['clone', 0, 32, false], // by override: lower_32_bits(clone_flags)
    ['mmap', 2, 64, false],
    ['mmap', 3, 64, false],
    ['mmap', 4, 32, false], // by override: fget(unsigned int fd)
    ['chmod', 1, 16, false], // umode_t
    ['openat', 0, 32, true],
    ['openat', 2, 32, true],
    ['openat', 3, 16, false],
    ['kill', 0, 32, true],
    ['kill', 1, 32, true],
    ['mprotect', 2, 64, false],
    ['unshare', 0, 64, false],
    ['setns', 1, 32, true],
    ['lseek', 1, 64, true], // off_t
    ['setuid', 0, 32, false], // uid_t on the 64-bit ABIs (the 16-bit call is x86/arm's)
  ] as const)('%s arg%d is read as %d bits, signed %s', (name, i, bits, signed) => {
    expect(kind(name, i)).toEqual({ bits, signed });
    expect(argBits(name, i)).toBe(bits);
  });

  it('keeps the declared width next to an override', () => {
    expect(syscallArgs('clone')![0]).toEqual({ bits: 32, signed: false, pointer: false, declaredBits: 64 });
    expect(syscallArgs('ioctl')![1]).toEqual({ bits: 32, signed: false, pointer: false, declaredBits: 32 });
    expect(syscallArgs('openat')![1]).toEqual({ bits: 64, signed: false, pointer: true, declaredBits: 64 });
  });

  it('gives each ABI its own order where the two differ, with the same widths', () => {
    // arch/arm64/Kconfig selects CLONE_BACKWARDS: tls comes before child_tid.
    expect(syscallArgs('clone', 'x86_64')!.map((a) => a.pointer)).toEqual([false, false, true, true, false]);
    expect(syscallArgs('clone', 'aarch64')!.map((a) => a.pointer)).toEqual([false, false, true, false, true]);
    // x86_64's fadvise64 takes size_t len, arm64's is sys_fadvise64_64 with loff_t len.
    expect(syscallArgs('fadvise64', 'x86_64')![2]!.signed).toBe(false);
    expect(syscallArgs('fadvise64', 'aarch64')![2]!.signed).toBe(true);
    for (const name of ALL_SYSCALL_NAMES) {
      const x = syscallArgs(name, 'x86_64')?.map((a) => a.bits);
      expect(syscallArgs(name, 'aarch64')?.map((a) => a.bits), name).toEqual(x);
    }
  });

  it('knows calls that take no argument, and answers undefined past the last one', () => {
    expect(syscallArgs('getpid')).toEqual([]);
    expect(syscallArgs('rt_sigreturn')).toEqual([]);
    expect(argBits('getpid', 0)).toBeUndefined();
    expect(argBits('ioctl', 3)).toBeUndefined();
    expect(argBits('ioctl', -1)).toBeUndefined();
  });

  it('has no record of unknown names, implemented-nowhere calls or 32-bit-only spellings', () => {
    for (const n of ['nosuch', '', '__proto__', 'constructor', 'IOCTL', 'sys_ioctl', 'lookup_dcookie', 'mmap2', 'fcntl64', 'chown32', 'socketcall']) {
      expect(syscallArgs(n), n).toBeUndefined();
      expect(argBits(n, 0), n).toBeUndefined();
    }
  });
});

describe('syscall arguments: coverage', () => {
  const lists: [string, readonly string[]][] = [
    ...SYSCALL_GROUPS.map((g): [string, readonly string[]] => [`@${g.name}`, g.syscalls]),
    ['RUNTIME_BASELINE_NNP', RUNTIME_BASELINE_NNP],
    ['RUNTIME_BASELINE_NO_NNP', RUNTIME_BASELINE_NO_NNP],
  ];

  const writtenDown = new Set([...Object.values(X86_64_WITHOUT_RECORD), ...Object.values(AARCH64_WITHOUT_RECORD)].flat());

  // A group's 32-bit spellings (fstat64, mmap2, chown32 …) exist on no 64-bit ABI, and the table does not
  // describe those ABIs (see syscall-args.ts). The groups also hold calls newer than Linux 6.1 (fchmodat2,
  // futex_wait, mseal …) and x86's set_thread_area, which x86_64 does not implement: those are the names
  // written down above, and the compiler treats their arguments as unknown.
  it.each(lists)('%s: every name of a 64-bit ABI has a record, or is written down above', (_, names) => {
    expect(names.filter((n) => on64(n) && syscallArgs(n) === undefined && !writtenDown.has(n))).toEqual([]);
  });

  it('has a record for every syscall the constant families are for', () => {
    // The families' comments in generated/constant-rows.ts name their syscalls as `name(2)`.
    const text = readFileSync(path.join(repoRoot, 'src', 'compiler', 'data', 'generated', 'constant-rows.ts'), 'utf8');
    const comments = text.split('\n').filter((l) => l.trimStart().startsWith('//')).join('\n');
    const named = [...new Set([...comments.matchAll(/(?<![\w*])([a-z_][a-z0-9_]*)\(2\)/g)].map((m) => m[1]!))];
    expect(named).toEqual(expect.arrayContaining(['socket', 'clone', 'unshare', 'setns', 'mmap', 'mprotect', 'open', 'fcntl', 'prctl', 'ioctl', 'personality']));
    const also = ['openat', 'openat2', 'clone3', 'faccessat', 'fchmodat', 'fchownat', 'linkat', 'unlinkat', 'newfstatat', 'statx', 'socketpair'];
    expect([...named, ...also].filter((n) => syscallArgs(n) === undefined)).toEqual([]);
  });

  it.each([
    ['x86_64', X86_64_WITHOUT_RECORD],
    ['aarch64', AARCH64_WITHOUT_RECORD],
  ] as const)('%s: the syscalls without a record are exactly the ones written down', (arch, expected) => {
    const missing = ALL_SYSCALL_NAMES.filter((n) => syscallExists(n, arch) && syscallArgs(n) === undefined);
    expect(missing).toEqual([...expected.notImplemented, ...expected.newerThan61].sort());
    const present = ALL_SYSCALL_NAMES.filter((n) => syscallExists(n, arch)).length;
    console.log(`${arch}: ${present - missing.length} of ${present} syscalls have a record; none: ${missing.join(', ')}`);
  });

  it('has rows only for names of a 64-bit ABI, sorted, at most six arguments each', () => {
    const names = SYSCALL_ARG_ROWS.trim().split('\n').map((l) => l.split(' ')[0]!);
    expect(names).toEqual([...new Set(names)].sort());
    expect(names.filter((n) => !on64(n))).toEqual([]);
    for (const n of names) expect(syscallArgs(n)!.length, n).toBeLessThanOrEqual(6);
    expect(names.length).toBeGreaterThan(300);
  });

  it('says where it comes from without a machine path or a Debian ABI number', () => {
    expect(SYSCALL_ARGS_SOURCE).toBe('linux-headers-6.1.0-*-common (Linux 6.1) include/linux/syscalls.h');
    expect(SYSCALL_ARG_ROWS).not.toMatch(/\/usr\/src|linux-headers-[\d.]+-\d+/);
  });
});

/** The newest Debian kernel headers tree, when installed. */
const headersDir = ((): string | undefined => {
  if (!existsSync('/usr/src')) return undefined;
  const dirs = readdirSync('/usr/src').filter((d) => /^linux-headers-[\d.]+-\d+-common$/.test(d)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return dirs.length > 0 ? path.join('/usr/src', dirs.at(-1)!) : undefined;
})();
if (!headersDir) console.warn('\n*** SKIPPED the syscalls.h cross-check in test/data/syscall-args.test.ts: no /usr/src/linux-headers-*-common ***\n');

describe.skipIf(!headersDir)('syscall arguments against include/linux/syscalls.h', () => {
  // Read again by simpler code than the generator's: every `sys_NAME(…)` declaration, with the types
  // whose width needs no typedef to know. Names declared twice (clone, fanotify_mark …) and the names
  // whose entry point is not sys_NAME are left out.
  const text = headersDir ? readFileSync(path.join(headersDir, 'include', 'linux', 'syscalls.h'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '') : '';
  const decls = new Map<string, string[][]>();
  for (const m of text.matchAll(/asmlinkage long sys_(\w+)\(([^;]*)\);/g)) {
    const params = m[2]!.trim() === 'void' ? [] : m[2]!.split(',').map((p) => p.trim().split(/\s+/));
    decls.set(m[1]!, [...(decls.get(m[1]!) ?? []), params.map((p) => p.join(' '))]);
  }
  const notSysName = ['stat', 'fstat', 'lstat', 'uname', 'sendfile', 'umount2', 'fadvise64'];
  const checked = ALL_SYSCALL_NAMES.filter((n) => syscallArgs(n) !== undefined && decls.get(n)?.length === 1 && !notSysName.includes(n));

  it('checks most rows', () => {
    expect(checked.length).toBeGreaterThan(300);
  });

  it.each(checked)('%s', (name) => {
    const params = decls.get(name)![0]!;
    const args = syscallArgs(name)!;
    expect(args.length).toBe(params.length);
    params.forEach((p, i) => {
      const a = args[i]!;
      const what = `${name} arg${i} \`${p}\``;
      const type = p.replace(/\b(const|__user)\b/g, '').replace(/\s+/g, ' ').trim();
      const is = (types: string): boolean => new RegExp(`^(?:${types})(?: \\w+)?$`).test(type); // with or without a name
      if (p.includes('*') || is('cap_user_header_t|cap_user_data_t|__sighandler_t')) {
        expect([a.pointer, a.bits], what).toEqual([true, 64]);
      } else if (is('int')) {
        expect([a.bits, a.signed], what).toEqual([32, true]);
      } else if (is('unsigned int|unsigned|u32|__u32|uint32_t|uid_t|gid_t|qid_t|enum landlock_rule_type')) {
        expect([a.bits, a.signed], what).toEqual([32, false]);
      } else if (is('pid_t|key_serial_t|clockid_t|timer_t|mqd_t|key_t|rwf_t|__s32')) {
        expect([a.bits, a.signed], what).toEqual([32, true]);
      } else if (is('umode_t')) {
        expect([a.bits, a.signed], what).toEqual([16, false]);
      } else if (is('unsigned long|size_t|u64|__u64|aio_context_t')) {
        expect([a.declaredBits, a.pointer], what).toEqual([64, false]);
        if (a.bits === 64) expect(a.signed, what).toBe(false); // else an override says what the kernel narrows it to
      } else if (is('long|loff_t|off_t')) {
        expect([a.declaredBits, a.signed], what).toEqual([64, true]);
      } else {
        throw new Error(`${what}: a type this check does not know`);
      }
    });
  });
});
