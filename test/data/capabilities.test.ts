/** The capability table is the reference JSON, and names are canonicalised the way Docker does. */
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, DOCKER_DEFAULT_CAPABILITIES, canonicalCapability } from '../../src/compiler/data/capabilities.js';
import { readReference } from './reference.js';

interface RefCap {
  name: string;
  value: number;
  short_name: string;
  docker_default: boolean;
}
const ref = JSON.parse(readReference('capabilities/linux-capabilities.json')) as { cap_last_cap: number; capabilities: RefCap[] };

describe('capabilities against linux-capabilities.json', () => {
  it('has the same 41 names and bit numbers, by bit number', () => {
    const want = [...ref.capabilities].sort((a, b) => a.value - b.value).map(({ name, value }) => ({ name, value }));
    expect(CAPABILITIES).toEqual(want);
    expect(CAPABILITIES).toHaveLength(41);
    expect(CAPABILITIES.map((c) => c.value)).toEqual([...Array(ref.cap_last_cap + 1).keys()]);
  });

  it("has Docker's 14 default capabilities", () => {
    const want = ref.capabilities.filter((c) => c.docker_default).sort((a, b) => a.value - b.value).map((c) => c.name);
    expect(DOCKER_DEFAULT_CAPABILITIES).toEqual(want);
    expect(DOCKER_DEFAULT_CAPABILITIES).toHaveLength(14);
    expect(DOCKER_DEFAULT_CAPABILITIES).toContain('CAP_NET_RAW');
    expect(DOCKER_DEFAULT_CAPABILITIES).not.toContain('CAP_SYS_ADMIN');
  });
});

describe('canonicalCapability', () => {
  it.each([
    ['net_bind_service', 'CAP_NET_BIND_SERVICE'],
    ['CAP_NET_BIND_SERVICE', 'CAP_NET_BIND_SERVICE'],
    ['Net_Bind_Service', 'CAP_NET_BIND_SERVICE'],
    ['cap_net_bind_service', 'CAP_NET_BIND_SERVICE'],
    ['Cap_Sys_Admin', 'CAP_SYS_ADMIN'],
    ['chown', 'CAP_CHOWN'],
    ['checkpoint_restore', 'CAP_CHECKPOINT_RESTORE'],
  ])('%s → %s', (input, want) => {
    expect(canonicalCapability(input)).toBe(want);
  });

  it.each(['', 'CAP_', 'ALL', 'all', 'net-bind-service', 'net bind service', ' chown', 'CAP_CAP_CHOWN', 'sys_admn', 'ptrace', '__proto__'])(
    'rejects %j',
    (input) => {
      expect(canonicalCapability(input)).toBeUndefined();
    },
  );

  it('accepts every short name of the reference', () => {
    for (const c of ref.capabilities) expect(canonicalCapability(c.short_name.toLowerCase()), c.short_name).toBe(c.name);
  });
});
