/**
 * The limits secpol refuses to set: Docker's `--oom-score-adj` and `--oom-kill-disable` (also
 * Compose's `oom_score_adj` and `oom_kill_disable`). The decoder (2-decode) reads them only to keep
 * them by name, the syntax tree types them (ast.ts, `RefusedLimitAst`), and the check
 * (E0603, 4-check/checks/oom-is-left-to-the-kernel.ts) says why each is refused.
 */

/** The refused OOM knobs, by their canonical spelling. */
export const REFUSED_LIMITS = ['oom-score-adj', 'oom-kill-disable'] as const;

/** A refused OOM knob. */
export type RefusedLimit = (typeof REFUSED_LIMITS)[number];
