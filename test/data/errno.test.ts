/** errno names and numbers equal the C headers, and numbers map back to the primary name. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRNO_NAMES, errnoName, errnoNumber } from '../../src/compiler/data/errno.js';
import { hasCommand } from './reference.js';

const ccOk = hasCommand('cc');
if (!ccOk) console.warn('\n*** SKIPPED the C-header checks in test/data/errno.test.ts: cc not found ***\n');

describe.skipIf(!ccOk)('errno against the C headers', () => {
  it('has every name <errno.h> gives, with its number', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secpol-errno-'));
    try {
      const lines = ERRNO_NAMES.map((n) => `  printf("%s %d\\n", "${n}", ${n});`);
      writeFileSync(path.join(dir, 'e.c'), `#include <errno.h>\n#include <stdio.h>\nint main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`);
      execFileSync('cc', ['-o', path.join(dir, 'e'), path.join(dir, 'e.c')]);
      const out = execFileSync(path.join(dir, 'e'), { encoding: 'utf8' }).trim().split('\n');
      const wrong = out.map((l) => l.split(' ')).filter(([n, v]) => errnoNumber(n!) !== Number(v)).map(([n, v]) => `${n}: table ${errnoNumber(n!)}, header ${v}`);
      expect(wrong).toEqual([]);
      expect(out).toHaveLength(ERRNO_NAMES.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('misses no name of <asm-generic/errno.h>', () => {
    const macros = execFileSync('cc', ['-dM', '-E', '-x', 'c', '-'], { input: '#include <asm-generic/errno.h>\n', encoding: 'utf8' });
    const names = [...macros.matchAll(/^#define (E[A-Z0-9]+) /gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(130);
    expect(names.filter((n) => !ERRNO_NAMES.includes(n))).toEqual([]);
  });
});

describe('errno lookup', () => {
  it.each([['EPERM', 1], ['ENOENT', 2], ['EACCES', 13], ['EINVAL', 22], ['ENOSYS', 38], ['EOPNOTSUPP', 95], ['ENOTSUP', 95], ['EAFNOSUPPORT', 97], ['EHWPOISON', 133]])(
    '%s = %d',
    (name, n) => {
      expect(errnoNumber(name)).toBe(n);
    },
  );

  it('names each number by its primary name, not an alias', () => {
    expect(errnoName(11)).toBe('EAGAIN');
    expect(errnoNumber('EWOULDBLOCK')).toBe(11);
    expect(errnoName(35)).toBe('EDEADLK');
    expect(errnoName(95)).toBe('EOPNOTSUPP');
    expect(errnoName(1)).toBe('EPERM');
  });

  it('round-trips every number from 1 to 133', () => {
    for (let n = 1; n <= 133; n++) {
      if (n === 41 || n === 58) continue; // never assigned in the generic ABI
      expect(errnoNumber(errnoName(n)!), String(n)).toBe(n);
    }
    expect(errnoName(41)).toBeUndefined();
    expect(errnoName(0)).toBeUndefined();
    expect(errnoName(134)).toBeUndefined();
  });

  it('is case-sensitive and rejects non-names', () => {
    for (const n of ['eperm', 'Eperm', '', 'E', '__proto__']) expect(errnoNumber(n), n).toBeUndefined();
  });
});
