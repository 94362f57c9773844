/**
 * The target architectures (src/compiler/data/arches.ts) and the copy of their pairing the seccomp
 * emitters keep (they may import only the IR, which says which architectures a filter has but not
 * whose companion each one is): the two must agree, or `archMap` would nest a companion under the
 * wrong primary, or an emitter would refuse an IR the lowering made.
 */
import { describe, expect, it } from 'vitest';
import { COMPANION_OF, DEFAULT_ARCHES, KNOWN_ARCHES, targetArches } from '../../src/compiler/data/arches.js';
import { PRIMARY_OF, SCMP_ARCH } from '../../src/emitters/seccomp-common.js';

const archs = (...names: string[]) => ({ arch: { value: names.map((value) => ({ value })) } });

describe('target architectures', () => {
  it('pair each companion with the same primary as the seccomp emitters do', () => {
    expect(Object.keys(PRIMARY_OF).sort()).toEqual([...KNOWN_ARCHES].sort());
    for (const a of KNOWN_ARCHES) expect(PRIMARY_OF[a], a).toBe(COMPANION_OF[a] ?? null);
  });

  it('are all spelled by the seccomp emitters', () => {
    expect(Object.keys(SCMP_ARCH).sort()).toEqual([...KNOWN_ARCHES].sort());
  });

  it('list each primary before its companions, and default to the primaries alone', () => {
    KNOWN_ARCHES.forEach((a, i) => {
      const primary = COMPANION_OF[a];
      if (primary) expect(KNOWN_ARCHES.slice(0, i), a).toContain(primary);
    });
    expect(DEFAULT_ARCHES.every((a) => COMPANION_OF[a] === undefined)).toBe(true);
    expect(targetArches({ arch: null })).toEqual(DEFAULT_ARCHES);
  });

  it('come in canonical order, a companion bringing its primary, unknown names left to the check', () => {
    expect(targetArches(archs('arm', 'x86'))).toEqual(['x86_64', 'x86', 'aarch64', 'arm']);
    expect(targetArches(archs('aarch64', 'amd64'))).toEqual(['aarch64']);
    expect(targetArches(archs('x32'))).toEqual(['x86_64', 'x32']);
  });
});
