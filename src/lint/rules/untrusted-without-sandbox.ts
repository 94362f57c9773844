/**
 * Code the operators do not trust should not share the host kernel with nothing but seccomp, AppArmor
 * and capabilities in between: one kernel bug is then a host compromise. gVisor (runsc) answers the
 * workload's syscalls in a user-space kernel, and Kata runs it in a light virtual machine.
 */
import { settingOrigin } from '../../compiler/ir-query.js';
import type { LintRule } from '../rule.js';

const SANDBOXES = ['runsc', 'kata'];

/** SPL702: the workload is marked untrusted but runs on a runtime that shares the host kernel. */
export const untrustedWithoutSandbox: LintRule = {
  id: 'SPL702',
  name: 'untrusted-without-sandbox',
  severity: 'warning',
  summary: 'The workload runs untrusted code on a runtime that shares the host kernel.',
  rationale:
    'runc and crun put the workload in namespaces of the host kernel: every syscall the filter lets through reaches it, so a kernel bug reachable from those calls is an escape. gVisor (runsc) serves the syscalls from its own user-space kernel and Kata runs the workload in a virtual machine, so code written by someone else meets a second kernel before the host\'s.',
  fix: 'Add `runtime runsc` (gVisor) or `runtime kata` and register that runtime in the Docker daemon (`"runtimes"` in daemon.json); or remove `untrusted` if the code is your own.',
  reference: { title: 'gVisor documentation, What is gVisor?', url: 'https://gvisor.dev/docs/' },
  securitySeverity: 6.5,
  tags: ['security', 'runtime'],
  run: (ctx) => {
    const { runtime } = ctx.ir;
    if (!runtime.untrusted || (runtime.name !== null && SANDBOXES.includes(runtime.name))) return [];
    const what = runtime.name === null ? 'the engine\'s default runtime (runc on a stock Docker)' : `\`${runtime.name}\``;
    return [{ message: `the workload runs untrusted code on ${what}, which shares the host kernel`, subject: runtime.name ?? 'runc', region: ctx.at(settingOrigin(ctx.ir, 'runtime') ?? settingOrigin(ctx.ir, 'untrusted')) }];
  },
};
