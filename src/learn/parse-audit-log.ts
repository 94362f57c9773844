/**
 * Kernel log text (dmesg, /dev/kmsg) → a Recording, from the seccomp audit records a filter with the
 * `log` action writes: `audit: type=1326 audit(TIME:SERIAL): … pid=N comm="…" … arch=c000003e
 * syscall=257 … code=0x7ffc0000`. `arch` is the AUDIT_ARCH value of the call's ABI and `syscall`
 * its number there (x32 calls come as x86_64 with __X32_SYSCALL_BIT set). Only records whose action
 * is `log` (code 0x7ffc0000, SECCOMP_RET_LOG) are calls the workload made and the filter let through;
 * a kill or errno record is the policy refusing a call, not a need.
 *
 * Audit records carry no arguments: calls come without `args`, and learning writes names only.
 *
 * The kernel prints these records through a rate limit, and drops them when its backlog is full. A
 * drop is detected three ways, each counted in `lost`: a `callbacks suppressed` notice (its count),
 * a notice of the audit subsystem itself (`audit_lost=`, `rate limit exceeded`, `backlog limit
 * exceeded`: one each), and a gap in the serial numbers of the audit records in the text (every
 * audit record takes the next serial, printed or not). So the text must be every kernel log line
 * from the run's start to after its last record (a later audit record shows a loss at the end too),
 * not a selection.
 */
import type { Arch } from '../compiler/ir.js';
import { X32_SYSCALL_BIT } from '../compiler/data/syscall-table.js';
import { RecordingBuilder } from './recorded-calls.js';
import type { Recording } from './recording.js';
import { AUDIT_ARCHES, syscallName } from './syscall-names.js';

/** Which records count. */
export interface AuditLogOptions {
  /** Keep only the records of these (host) pids. */
  readonly pids?: ReadonlySet<number>;
  /** Keep only the records of processes with these names (`comm=`, at most 15 characters as the kernel keeps them). */
  readonly comms?: ReadonlySet<string>;
}

const SECCOMP_RET_LOG = 0x7ffc0000;

/** Parses kernel log text; see the file comment. */
export function parseAuditLog(text: string, opts: AuditLogOptions = {}): Recording {
  const out = new RecordingBuilder('audit');
  const serials = new Set<number>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const suppressed = /(\d+) callbacks suppressed/.exec(line);
    if (suppressed && /audit/.test(line)) {
      out.lost += Number(suppressed[1]);
      continue;
    }
    if (/audit: (?:audit_lost=|rate limit exceeded|backlog limit exceeded)/.test(line)) {
      out.lost += 1;
      continue;
    }
    const serial = /audit\(\d+(?:\.\d+)?:(\d+)\)/.exec(line);
    if (!serial) continue;
    serials.add(Number(serial[1]));
    if (!/\btype=1326\b/.test(line)) continue;
    const field = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=("(?:[^"\\\\]|\\\\.)*"|\\S+)`).exec(line)?.[1];
    const code = Number(field('code'));
    if (code !== SECCOMP_RET_LOG) continue;
    const pid = Number(field('pid'));
    if (opts.pids && !opts.pids.has(pid)) continue;
    const comm = field('comm')?.replace(/^"|"$/g, '');
    if (opts.comms && (comm === undefined || !opts.comms.has(comm))) continue;
    const archHex = field('arch') ?? '';
    const n = Number(field('syscall'));
    if (!Number.isInteger(n) || n < 0) continue;
    let arch: Arch | undefined = AUDIT_ARCHES.get(archHex);
    if (arch === 'x86_64' && (n & X32_SYSCALL_BIT) !== 0) arch = 'x32';
    if (arch === undefined) {
      out.unknown(`arch=${archHex}:${n}`);
      continue;
    }
    const name = syscallName(arch, n);
    if (name === undefined) out.unknown(`${arch}:${arch === 'x32' ? n & ~X32_SYSCALL_BIT : n}`);
    else out.call(arch, name);
  }
  const sorted = [...serials].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) out.lost += sorted[i]! - sorted[i - 1]! - 1;
  return out.build();
}
