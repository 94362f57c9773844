import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

const userns = (maps: string) => workload(`  user root\n  namespaces {\n    user private\n${maps}\n  }`);

describe('id-mappings-are-in-range', () => {
  it('reports a mapping of 0 ids, at the count', () => {
    expect(codesOf(userns('    uid-map 0 -> 100000 count 65536\n    gid-map 0 -> 100000 count 0'), {}, ['E0506'])).toEqual(['E0506@7:31']);
  });
  it('reports a range past 4294967294 on the host side and on the container side, at the id', () => {
    expect(codesOf(userns('    uid-map 0 -> 4294967290 count 10'), {}, ['E'])).toEqual(['E0506@6:18']);
    expect(codesOf(userns('    uid-map 0 -> 100000 count 10\n    uid-map 4294967290 -> 200000 count 10'), {}, ['E'])).toEqual(['E0506@7:13']);
  });
  it('accepts a range that ends exactly at 4294967294', () => {
    expect(codesOf(userns('    uid-map 0 -> 4294967285 count 10'), {}, ['E'])).toEqual([]);
  });
  it('reports more than 340 ranges, at the 341st', () => {
    const maps = Array.from({ length: 341 }, (_, i) => `    uid-map ${i} -> ${100000 + i} count 1`).join('\n');
    expect(codesOf(userns(maps), {}, ['E'])).toEqual(['E0506@346:5']);
  });
  it('reports a mapping that is not numbers while decoding', () => {
    expect(codesOf(userns('    uid-map root -> 100000 count 65536'), {}, ['E02'])).toEqual(['E0207@6:13']);
    expect(codesOf(userns('    uid-map 0 100000 65536'), {}, ['E02'])).toEqual(['E0202@6:5']);
  });
});
