/** learnSummary: the figures and lists a user reads, the same text for the same result. */
import { describe, expect, it } from 'vitest';
import { learnSummary, learnSyscalls, parseAuditLog, parseStrace } from '../../src/learn/index.js';
import { BUSYBOX_POLICY, fixture, policyOf } from './harness.js';

describe('learnSummary', () => {
  const strace = learnSyscalls(parseStrace(fixture('runc-busybox.strace'), { programs: ['/bin/sh'] }), policyOf(BUSYBOX_POLICY, 'box.secpol'));
  const text = learnSummary(strace);

  it('says what was observed, what the filter allows before and after, and what changed', () => {
    expect(text).toContain(`calls observed: ${strace.observed.length} beyond the runtime baseline (${strace.observedAll.length} with it)`);
    const x = strace.counts.find((c) => c.arch === 'x86_64')!;
    expect(text).toContain(`allowed on x86_64: ${x.before} before, ${x.after} after (runtime baseline ${x.baseline}; Docker's default ${x.dockerDefault})`);
    expect(text).toContain('allowed on aarch64: ');
    expect(text).toMatch(/allowed before but never observed, removed \(\d+\): /);
    expect(text).toContain('note: arch narrowed to x86_64');
    expect(text).toContain('paths written (3): /dev/null, /tmp/d/o.txt, /tmp/out.txt');
    expect(text).toContain('chown (CAP_CHOWN)');
    expect(text.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(learnSummary(strace)).toBe(text);
  });

  it('keeps every line within 100 columns when a list is empty', () => {
    const none = learnSummary({ ...strace, capabilityHints: [], writtenPaths: [], newlyAllowed: [] });
    expect(none).toContain('capabilities: no call a capability governs failed with EPERM');
    expect(none).toContain('paths written: none');
    expect(none.split('\n').every((l) => l.length <= 100)).toBe(true);
  });

  it('says what the audit recorder cannot see', () => {
    const audit = learnSummary(learnSyscalls(parseAuditLog(fixture('audit-busybox.log')), policyOf(BUSYBOX_POLICY, 'box.secpol')));
    expect(audit).toContain('paths written: not seen by the audit recorder');
    expect(audit).toContain('capabilities: the audit recorder sees no results');
    expect(audit).toContain('beyond the runtime baseline (audit logs none of its calls)');
    expect(audit.split('\n').every((l) => l.length <= 100)).toBe(true);
  });
});
