/**
 * A sample of the property in test/artifacts/conditions-evaluated.test.ts, decided by a real filter
 * in the kernel: random conditions on ioctl's 32-bit request, compiled into one policy and run as a
 * runc bundle (its config.json filter loaded by runc through libseccomp), each probed with high bits
 * set. `ioctl(fd, request, 0)` on a closed descriptor tells the two outcomes apart: EBADF means the
 * filter let the call reach the kernel, EPERM (the default) or the deny's errno that it did not.
 * Each condition is keyed by the descriptor it applies to (`arg0 == 1000+k`), so one filter and one
 * container hold the whole sample.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { emitAll } from '../../src/emitters/index.js';
import { syscallNumber } from '../../src/compiler/data/syscall-table.js';
import { RuncSession } from '../support/bundles.js';
import type { BuiltCase } from '../support/cases.js';
import { countProbe, PROBE_IN_GUEST, requireEngine, TEST_IMAGE } from '../support/engines.js';
import { compileText } from '../support/harness.js';
import { low32, probeValues, randomCondition, type RandomCondition } from '../support/random-conditions.js';
import { evaluate, type Profile } from '../support/seccomp-eval.js';

const IOCTL = syscallNumber('ioctl', 'x86_64')!;
const FD = 1000;

/** A runnable policy: the test image, a shell, and `syscalls` as given. */
function policy(name: string, syscalls: string): BuiltCase {
  const text = `workload ${name} {\n  image "${TEST_IMAGE}"\n  command "sleep" "1"\n  filesystem { tmpfs /tmp size 1MiB }\n  syscalls {\n    allow @file-io, @file-meta, @process, @memory, @signals\n${syscalls}\n  }\n}\n`;
  const r = compileText(text);
  if (!r.ir) throw new Error(`${name} does not compile: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return { name, ir: r.ir, files: new Map(emitAll(r.ir).map((a) => [a.path, a.content])) };
}

/** The probe's line for each call, in one `sh` run inside the bundle. */
async function kernelAnswers(session: RuncSession, built: BuiltCase, calls: readonly (readonly bigint[])[]): Promise<string[]> {
  const script = calls.map((a) => `${PROBE_IN_GUEST} syscall ${IOCTL} ${a.map((x) => `0x${x.toString(16)}`).join(' ')}`).join('\n');
  const r = await session.runToExit(built, { edit: (c) => void (c.process.args = ['/bin/sh', '-c', script]), suffix: built.name });
  countProbe('runc', calls.length);
  const lines = r.stdout.trim().split('\n');
  if (lines.length !== calls.length) throw new Error(`${built.name}: ${lines.length} answers to ${calls.length} calls; stderr: ${r.stderr}`);
  return lines;
}

/** What the probe prints for a verdict of the evaluator. */
const probeLine = (verdict: string): string => (verdict === 'allow' ? 'errno=EBADF(9)' : verdict === 'errno=1' ? 'errno=EPERM(1)' : verdict === 'errno=13' ? 'errno=EACCES(13)' : verdict);

describe.skipIf(requireEngine('runc').skip)('argument conditions in a real kernel filter (runc)', () => {
  const session = new RuncSession('kernel');
  afterAll(() => session.cleanup());
  const conditions: RandomCondition[] = fc.sample(randomCondition(1), { seed: 0x5ec, numRuns: 16 });

  it('16 random conditions on ioctl\'s request, keyed by descriptor: the kernel, the evaluator and the meaning agree, high bits included', async () => {
    const built = policy('kernel-allow', conditions.map((c, k) => `    allow ioctl if arg0 == ${FD + k} and ${c.text}`).join('\n'));
    const calls: bigint[][] = [];
    const want: boolean[] = [];
    conditions.forEach((c, k) => {
      for (const x of probeValues(c, [0x5412n], k, 2)) {
        calls.push([BigInt(FD + k), x, 0n]);
        want.push(c.holds(low32(x)));
      }
    });
    const oci = (JSON.parse(built.files.get('config.json')!) as { linux: { seccomp: Profile } }).linux.seccomp;
    const answers = await kernelAnswers(session, built, calls);
    const wrong = calls.flatMap((a, i) => {
      const meant = want[i] ? 'errno=EBADF(9)' : 'errno=EPERM(1)';
      const evaluated = probeLine(evaluate(oci, 'ioctl', [...a, 0n, 0n, 0n]));
      return answers[i] === meant && evaluated === meant ? [] : [`${conditions[Number(a[0]! - BigInt(FD))]!.text} with arg1 0x${a[1]!.toString(16)}: kernel ${answers[i]}, evaluator ${evaluated}, meant ${meant}`];
    });
    expect(wrong).toEqual([]);
    // The sample reaches both outcomes, and high bits over refused values.
    expect(new Set(answers)).toEqual(new Set(['errno=EBADF(9)', 'errno=EPERM(1)']));
    expect(calls.some((a, i) => a[1]! > 0xffffffffn && !want[i])).toBe(true);
  });

  it('an exception carved out of an allow: `allow ioctl` and `deny ioctl if arg1 COND with errno EACCES`', async () => {
    for (const [k, c] of conditions.slice(0, 4).entries()) {
      const built = policy(`kernel-carve-${k}`, `    allow ioctl\n    deny ioctl if ${c.text} with errno EACCES`);
      const calls = probeValues(c, [0x5412n], 100 + k, 4).map((x) => [BigInt(FD), x, 0n]);
      const answers = await kernelAnswers(session, built, calls);
      expect(answers, c.text).toEqual(calls.map((a) => (c.holds(low32(a[1]!)) ? 'errno=EACCES(13)' : 'errno=EBADF(9)')));
    }
  });
});
