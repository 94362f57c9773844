/**
 * A filter is judged by what it stops. For random conditions on 32-bit arguments, compiled as a
 * policy writes them, the emitted seccomp profile (Docker's format) and config.json's filter accept
 * exactly the calls whose low 32 bits satisfy the condition, high bits and all: evaluated rule by
 * rule with seccomp's own comparison semantics (test/support/seccomp-eval.ts). The same for an
 * exception carved out of an allow, and for the socket kinds `protocols` grants.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitAll } from '../../src/emitters/index.js';
import { compileText, workload } from '../support/harness.js';
import { low32, probeValues, randomCondition } from '../support/random-conditions.js';
import { evaluate, type Profile } from '../support/seccomp-eval.js';

/** Both emitted filters of a policy: the Docker profile and config.json's linux.seccomp. */
function filters(body: string): Profile[] {
  const r = compileText(workload(body));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !r.ir) throw new Error(`does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}\n${body}`);
  const files = new Map(emitAll(r.ir).map((a) => [a.path, a.content]));
  const docker = JSON.parse(files.get(`${r.ir.name}.seccomp.json`)!) as Profile;
  const oci = (JSON.parse(files.get('config.json')!) as { linux: { seccomp: Profile } }).linux.seccomp;
  return [docker, oci];
}

const args = (a0: bigint, a1: bigint): bigint[] => [a0, a1, 0n, 0n, 0n, 0n];
const FD = 1000n;

describe('emitted filters accept exactly what the condition means, on the bits the kernel reads', () => {
  it('allow ioctl if arg0 == 1000 and arg1 COND', () => {
    fc.assert(
      fc.property(randomCondition(1), fc.integer(), (c, seed) => {
        for (const profile of filters(`  syscalls { allow ioctl if arg0 == ${FD} and ${c.text} }`))
          for (const fd of [FD, FD + 1n, (1n << 32n) | FD])
            for (const x of probeValues(c, [], seed, 8)) {
              const want = low32(fd) === FD && c.holds(low32(x)) ? 'allow' : 'errno=1';
              expect(evaluate(profile, 'ioctl', args(fd, x)), `${c.text}, arg0 0x${fd.toString(16)}, arg1 0x${x.toString(16)}`).toBe(want);
            }
      }),
      { numRuns: 150 },
    );
  });

  it('allow ioctl, deny ioctl if arg1 COND with errno EACCES: allowed except when COND', () => {
    fc.assert(
      fc.property(randomCondition(1), fc.integer(), (c, seed) => {
        for (const profile of filters(`  syscalls {\n    allow ioctl\n    deny ioctl if ${c.text} with errno EACCES\n  }`))
          for (const x of probeValues(c, [], seed, 8)) expect(evaluate(profile, 'ioctl', args(3n, x)), `${c.text}, arg1 0x${x.toString(16)}`).toBe(c.holds(low32(x)) ? 'errno=13' : 'allow');
      }),
      { numRuns: 150 },
    );
  });

  it('allow ioctl if arg0 == 1000, deny ioctl if arg1 COND: the exception narrows a conditional allow', () => {
    fc.assert(
      fc.property(randomCondition(1), fc.integer(), (c, seed) => {
        for (const profile of filters(`  syscalls {\n    allow ioctl if arg0 == ${FD}\n    deny ioctl if ${c.text} with kill\n  }`))
          for (const fd of [FD, FD + 1n])
            for (const x of probeValues(c, [], seed, 8)) {
              const want = c.holds(low32(x)) ? 'kill' : fd === FD ? 'allow' : 'errno=1';
              expect(evaluate(profile, 'ioctl', args(fd, x)), `${c.text}, arg0 ${fd}, arg1 0x${x.toString(16)}`).toBe(want);
            }
      }),
      { numRuns: 100 },
    );
  });

  it('`protocols tcp, unix`: socket opens inet and inet6 stream sockets (any flags) and unix ones, and nothing else', () => {
    const [AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET] = [1n, 2n, 10n, 16n, 17n];
    const granted = (family: bigint, type: bigint): boolean => family === AF_UNIX || ((family === AF_INET || family === AF_INET6) && (type & 0xfn) === 1n);
    const families = [AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, 0n, 0xffffffffn];
    const types = [1n, 2n, 3n, 5n, 1n | 0x80000n, 1n | 0x800n, 2n | 0x80000n, 0x10n | 1n];
    for (const profile of filters('  network { protocols tcp, unix }\n  syscalls { allow @network-client }'))
      for (const f of families)
        for (const t of types)
          for (const high of [0n, 1n << 32n, 0xdead00000000n]) {
            const want = granted(f, t) ? 'allow' : 'errno=1';
            expect(evaluate(profile, 'socket', args(high | f, high | t)), `socket(0x${(high | f).toString(16)}, 0x${(high | t).toString(16)})`).toBe(want);
          }
  });
});
