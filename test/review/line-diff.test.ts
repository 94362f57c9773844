// The line diff behind `secpol build --check`: shortest edit scripts that rebuild both texts, and
// unified hunks with line numbers, context and caps.
import { describe, expect, it } from 'vitest';
import { diffLines, unifiedHunks } from '../../src/review/line-diff.js';

const lines = (n: number, f = (i: number) => `line ${i}`): string => Array.from({ length: n }, (_, i) => f(i + 1)).join('\n') + '\n';

describe('diffLines', () => {
  it('gives a shortest script that rebuilds both sides', () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: rand(12) }, () => 'abc'[rand(3)]!);
      const b = Array.from({ length: rand(12) }, () => 'abc'[rand(3)]!);
      const edits = diffLines(a, b)!;
      expect(edits.filter((e) => e.op !== '+').map((e) => e.text)).toEqual(a);
      expect(edits.filter((e) => e.op !== '-').map((e) => e.text)).toEqual(b);
      // The kept lines are a longest common subsequence (computed here the slow way).
      const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      expect(edits.filter((e) => e.op === ' ').length).toBe(lcs[0]![0]);
    }
  });

  it('gives up past the edit limit', () => {
    expect(diffLines(['a', 'b'], ['c', 'd'], 1)).toBeNull();
  });
});

describe('unifiedHunks', () => {
  it('is empty for equal texts', () => {
    expect(unifiedHunks('a\nb\n', 'a\nb\n')).toEqual([]);
  });

  it('shows a change with three lines of context and its line numbers', () => {
    const old = lines(20);
    const now = old.replace('line 10\n', 'line ten\n');
    expect(unifiedHunks(old, now)).toEqual(['@@ -7,7 +7,7 @@', ' line 7', ' line 8', ' line 9', '-line 10', '+line ten', ' line 11', ' line 12', ' line 13']);
  });

  it('numbers additions at the start and removals at the end', () => {
    expect(unifiedHunks('a\nb\n', 'x\na\nb\n')).toEqual(['@@ -1,2 +1,3 @@', '+x', ' a', ' b']);
    expect(unifiedHunks('a\nb\nc\n', 'a\nb\n')).toEqual(['@@ -1,3 +1,2 @@', ' a', ' b', '-c']);
    expect(unifiedHunks('', 'a\n')).toEqual(['@@ -0,0 +1,1 @@', '+a']);
  });

  it('joins close changes into one hunk and caps hunks and their lines', () => {
    const old = lines(200);
    const two = old.replace('line 10\n', 'x\n').replace('line 14\n', 'y\n');
    expect(unifiedHunks(old, two).filter((l) => l.startsWith('@@'))).toEqual(['@@ -7,11 +7,11 @@']);
    const many = lines(200, (i) => (i % 20 === 0 ? `changed ${i}` : `line ${i}`));
    const hunks = unifiedHunks(old, many, { maxHunks: 2 });
    expect(hunks.filter((l) => l.startsWith('@@'))).toHaveLength(2);
    expect(hunks[hunks.length - 1]).toBe('… 8 more hunks');
    const long = unifiedHunks(old, lines(200, (i) => (i <= 50 ? `new ${i}` : `line ${i}`)), { maxHunkLines: 10 });
    expect(long).toHaveLength(12);
    expect(long[11]).toBe('… 93 more lines in this hunk');
  });

  it('says so when only the final newline differs, and when texts differ throughout', () => {
    expect(unifiedHunks('a\nb\n', 'a\nb')).toEqual(['… the lines are equal; only line endings or the final newline differ']);
    const a = lines(3000);
    const b = lines(3000, (i) => `other ${i}`);
    expect(unifiedHunks(a, b)).toEqual(['… differs throughout (3000 lines on disk, 3000 expected)']);
  });
});
