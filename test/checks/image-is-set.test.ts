import { describe, expect, it } from 'vitest';
import { codesOf } from '../support/harness.js';

describe('image-is-set', () => {
  it('reports a workload without an image at its name', () => {
    expect(codesOf('workload app {\n  user 1:1\n}\n')).toEqual(['E0209@1:10']);
  });
  it('accepts an image inherited from a base', () => {
    const base = 'workload base {\n  image "busybox:1"\n}\n';
    expect(codesOf('extends "base.secpol"\nworkload app {\n}\n', { 'base.secpol': base })).toEqual([]);
  });
});
