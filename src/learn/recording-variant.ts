/**
 * The recording variant of a policy: the same workload with its seccomp filter turned into a
 * recorder, everything else (capabilities, user, read-only root, mounts, limits, AppArmor) as the
 * policy says, so the recorded run sees the environment the policy will give it.
 *
 * The filter: the default action becomes `log` (audit: every call the filter does not decide is
 * written to the kernel log and let through) or `allow` (strace sees every call itself). The policy's
 * allow rules go, so that audit logs the calls they would have let through quietly; what the policy
 * refuses stays refused (its `deny` rules, with their actions, and clone3's ENOSYS, so libc falls back
 * to clone as it will under the learned policy). The runtime baseline's rules stay: runc's own calls
 * after it installs the filter are then not logged as the workload's.
 */
import { RUNTIME_BASELINE_NNP, RUNTIME_BASELINE_NO_NNP } from '../compiler/data/syscall-groups.js';
import type { PolicyIR, SeccompRule } from '../compiler/ir.js';
import type { RecorderName } from './recording.js';

/** Whether a rule is the runtime baseline's (the lowering gives it line 0 and a `baseline` origin). */
const isBaseline = (r: SeccompRule): boolean => r.origin.line === 0 && r.origin.what.startsWith('baseline');

/** The recording variant of `ir` for `recorder` (pure: a new IR, the given one untouched). */
export function recordingVariant(ir: PolicyIR, recorder: RecorderName): PolicyIR {
  // A baseline call the policy also allows (execve through @process) is decided by the policy's rule:
  // its unconditional allow keeps the baseline's names. Without any baseline rule (`baseline off`, or
  // every baseline call allowed by the policy) nothing is kept, and the baseline calls are logged too.
  const baselineOn = ir.seccomp.rules.some(isBaseline);
  const baseline = new Set(baselineOn ? (ir.noNewPrivileges ? RUNTIME_BASELINE_NNP : RUNTIME_BASELINE_NO_NNP) : []);
  const rules: SeccompRule[] = [];
  for (const r of ir.seccomp.rules) {
    if (r.action.kind !== 'allow' || isBaseline(r)) rules.push(r);
    else if (r.args.length === 0) {
      const names = r.names.filter((n) => baseline.has(n));
      if (names.length > 0) rules.push({ ...r, names });
    }
  }
  return {
    ...ir,
    seccomp: {
      ...ir.seccomp,
      defaultAction: recorder === 'audit' ? { kind: 'log' } : { kind: 'allow' },
      rules,
    },
  };
}
