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
import type { PolicyIR, SeccompRule } from '../compiler/ir.js';
import type { RecorderName } from './recording.js';

/** Whether a rule is the runtime baseline's (the lowering gives it line 0 and a `baseline` origin). */
const isBaseline = (r: SeccompRule): boolean => r.origin.line === 0 && r.origin.what.startsWith('baseline');

/** The recording variant of `ir` for `recorder` (pure: a new IR, the given one untouched). */
export function recordingVariant(ir: PolicyIR, recorder: RecorderName): PolicyIR {
  const rules = ir.seccomp.rules.filter((r) => r.action.kind !== 'allow' || isBaseline(r));
  return {
    ...ir,
    seccomp: {
      ...ir.seccomp,
      defaultAction: recorder === 'audit' ? { kind: 'log' } : { kind: 'allow' },
      rules,
    },
  };
}
