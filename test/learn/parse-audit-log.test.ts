/**
 * parseAuditLog over real kernel logs (busybox's shell under runc with a logging profile, once with
 * the printk rate limit at its default, where the kernel dropped records) and hand-written records.
 */
import { describe, expect, it } from 'vitest';
import { parseAuditLog } from '../../src/learn/index.js';
import { fixture } from './harness.js';

const record = (serial: number, syscall: number, extra = ''): string =>
  `[ 100.000000] audit: type=1326 audit(1796459408.221:${serial}): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=${extra.includes('pid=') ? '' : '7 '}comm="app" exe="/app" sig=0 arch=c000003e syscall=${syscall} compat=0 ip=0x4bfde3 code=0x7ffc0000 ${extra}`;

describe('parseAuditLog on a recorded run', () => {
  it('names every logged call through secpol\'s table, without arguments', () => {
    const r = parseAuditLog(fixture('audit-busybox.log'));
    expect(r.recorder).toBe('audit');
    expect(r.lost).toBe(0);
    expect(r.calls.map((c) => c.name)).toEqual(expect.arrayContaining(['accept', 'bind', 'listen', 'socket', 'wait4', 'clone', 'execve']));
    expect(r.calls.every((c) => c.arch === 'x86_64' && c.args === undefined)).toBe(true);
    expect(r.unknown).toEqual([]);
  });

  it('detects the records the rate limit dropped, from the gap in the serial numbers', () => {
    expect(parseAuditLog(fixture('audit-ratelimited.log')).lost).toBe(136);
  });

  it('keeps the records of the given pids or process names', () => {
    const text = fixture('audit-busybox.log');
    const nc = parseAuditLog(text, { comms: new Set(['nc']) });
    expect(nc.calls.map((c) => c.name)).toContain('accept');
    expect(nc.calls.map((c) => c.name)).not.toContain('wait4');
    expect(parseAuditLog(text, { pids: new Set([1]) }).calls).toEqual([]);
  });
});

describe('parseAuditLog record by record', () => {
  it('counts only the log action, and every ABI', () => {
    const r = parseAuditLog(
      [
        record(1, 257),
        record(2, 101).replace('code=0x7ffc0000', 'code=0x80000000'), // a kill: the policy refusing, not a need
        record(3, 257 | 0x40000000), // x32
        record(4, 5).replace('arch=c000003e', 'arch=40000003'), // x86: open
        record(5, 56).replace('arch=c000003e', 'arch=c00000b7'), // aarch64: openat
        record(6, 999),
        record(7, 1).replace('arch=c000003e', 'arch=deadbeef'),
      ].join('\n'),
    );
    expect(r.calls.map((c) => `${c.arch}:${c.name}:${c.count}`)).toEqual(['x86_64:openat:1', 'x86:open:1', 'x32:openat:1', 'aarch64:openat:1']);
    expect(r.unknown).toEqual(['arch=deadbeef:1', 'x86_64:999']);
    expect(r.lost).toBe(0);
  });

  it('counts suppression notices and audit loss notices as lost', () => {
    expect(parseAuditLog([record(1, 0), '[ 101.0] kauditd_printk_skb: 12 callbacks suppressed', record(2, 1)].join('\n')).lost).toBe(12);
    expect(parseAuditLog([record(1, 0), '[ 101.0] audit: audit_lost=3 audit_rate_limit=0 audit_backlog_limit=64', record(2, 1)].join('\n')).lost).toBe(1);
    expect(parseAuditLog([record(1, 0), record(5, 1)].join('\n')).lost).toBe(3);
  });
});
