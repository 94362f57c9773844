/**
 * The committed syscall table agrees with the host's libseccomp, asked through scmp_sys_resolver for
 * every name on every architecture. The host's libseccomp may be older than the table: a name it does
 * not know (a negative answer) is tolerated, a different number never is.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';
import { ALL_SYSCALL_NAMES, X32_SYSCALL_BIT, syscallExists, syscallNumber } from '../../src/compiler/data/syscall-table.js';
import { ARCHES, hasCommand } from './reference.js';

const RESOLVER = 'scmp_sys_resolver';
const available = hasCommand(RESOLVER, ['-h']);
if (!available) console.warn(`\n*** SKIPPED test/data/syscall-resolver.test.ts: ${RESOLVER} not found (Debian/Ubuntu package "seccomp") ***\n`);

/** The resolver's answer for every name, in ALL_SYSCALL_NAMES order (one process per name, via xargs). */
async function resolveAll(arch: string): Promise<number[]> {
  const p = promisify(execFile)('xargs', ['-n', '1', RESOLVER, '-a', arch], { maxBuffer: 1 << 20 });
  p.child.stdin!.end(ALL_SYSCALL_NAMES.join('\n'));
  const { stdout } = await p;
  return stdout.trim().split('\n').map(Number);
}

describe.skipIf(!available)('syscall table against scmp_sys_resolver', () => {
  // Concurrent: each architecture is ~490 short processes; together they take about a second.
  it.concurrent.for(ARCHES)('agrees on every name on %s', async (arch, { expect }) => {
    const answers = await resolveAll(arch);
    expect(answers).toHaveLength(ALL_SYSCALL_NAMES.length);
    const wrong: string[] = [];
    const unknown: string[] = [];
    ALL_SYSCALL_NAMES.forEach((name, i) => {
      const got = answers[i]!;
      const n = syscallNumber(name, arch);
      // libseccomp adds the x32 bit when it resolves; the table keeps the csv value.
      const want = n === undefined ? undefined : arch === 'x32' ? (n | X32_SYSCALL_BIT) >>> 0 : n;
      if (want === undefined) {
        if (got >= 0) wrong.push(`${name}: resolver ${got}, table absent`);
      } else if (got < 0) unknown.push(name);
      else if (got !== want) wrong.push(`${name}: resolver ${got}, table ${want}`);
    });
    expect(wrong).toEqual([]);
    // An older libseccomp lacks the newest calls (and 2.5 resolves x86's direct socket calls to
    // pseudo-numbers), but a resolver that knows too little means the check above checked nothing.
    const present = ALL_SYSCALL_NAMES.filter((n) => syscallExists(n, arch)).length;
    expect(unknown.length, `unknown to the host libseccomp: ${unknown.join(' ')}`).toBeLessThan(present * 0.15);
  });
});
