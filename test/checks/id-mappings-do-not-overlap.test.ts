import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

const userns = (maps: string) => workload(`  user root\n  namespaces {\n    user private\n${maps}\n  }`);

describe('id-mappings-do-not-overlap', () => {
  it('reports a range overlapping an earlier one on the container side, at the later one', () => {
    expect(codesOf(userns('    uid-map 0 -> 100000 count 1000\n    uid-map 999 -> 300000 count 10'), {}, ['E'])).toEqual(['E0408@7:5']);
  });
  it('reports a range overlapping on the host side, and says which side with a label on the other range', () => {
    const d = compileText(userns('    uid-map 0 -> 100000 count 1000\n    uid-map 1000 -> 100999 count 10')).diagnostics.filter((x) => x.code === 'E0408');
    expect(d.map((x) => x.message)).toEqual(['this uid mapping overlaps `0 -> 100000 count 1000` on the host side']);
    expect(d[0]!.labels.map((l) => l.span.file.position(l.span.start).line)).toEqual([6]);
  });
  it('checks gid maps on their own', () => {
    expect(codesOf(userns('    uid-map 0 -> 100000 count 1000\n    gid-map 0 -> 100000 count 10\n    gid-map 5 -> 200000 count 10'), {}, ['E'])).toEqual(['E0408@8:5']);
  });
  it('accepts adjacent ranges', () => {
    expect(codesOf(userns('    uid-map 0 -> 100000 count 1000\n    uid-map 1000 -> 101000 count 1000'), {}, ['E'])).toEqual([]);
  });
});
