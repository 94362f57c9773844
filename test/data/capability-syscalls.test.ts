// Capabilities and the syscalls they govern: one relation (data/capability-syscalls.ts) that E0403
// reads one way (the calls a capability is for) and SPL502 the other (the capabilities a call needs).
import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../src/compiler/data/capabilities.js';
import { CAPABILITIES_WITH_SYSCALLS, GATED_SYSCALLS, capabilitiesGating, syscallsFor } from '../../src/compiler/data/capability-syscalls.js';
import { ALL_SYSCALL_NAMES } from '../../src/compiler/data/syscall-table.js';

describe('capability ↔ syscall', () => {
  it('names only real capabilities and syscalls', () => {
    const caps = new Set(CAPABILITIES.map((c) => c.name));
    for (const c of CAPABILITIES_WITH_SYSCALLS) expect(caps.has(c), c).toBe(true);
    for (const c of CAPABILITIES_WITH_SYSCALLS) for (const s of syscallsFor(c)) expect(ALL_SYSCALL_NAMES.includes(s), `${c} ${s}`).toBe(true);
    for (const s of GATED_SYSCALLS) {
      expect(ALL_SYSCALL_NAMES.includes(s), s).toBe(true);
      for (const c of capabilitiesGating(s)!) expect(caps.has(c), `${s} ${c}`).toBe(true);
    }
  });

  it('reads both ways: the calls a capability is for, and the capabilities a call cannot do without', () => {
    expect(syscallsFor('CAP_CHOWN')).toEqual(['chown', 'fchown', 'fchownat', 'lchown']);
    expect(syscallsFor('CAP_SYS_TIME')).toEqual(['settimeofday', 'clock_settime', 'adjtimex', 'clock_adjtime', 'stime']);
    // A broad capability is for no call in particular, though calls need it.
    expect(syscallsFor('CAP_SYS_ADMIN')).toEqual([]);
    expect(capabilitiesGating('mount')).toEqual(['CAP_SYS_ADMIN']);
    // kill is what CAP_KILL is for, but signalling one's own processes needs no capability.
    expect(syscallsFor('CAP_KILL')).toContain('kill');
    expect(capabilitiesGating('kill')).toBeUndefined();
    // setuid needs SETUID and is what SETUID is for.
    expect(capabilitiesGating('setuid')).toEqual(['CAP_SETUID']);
    expect(syscallsFor('CAP_SETUID')).toContain('setuid');
    expect(capabilitiesGating('read')).toBeUndefined();
  });
});
