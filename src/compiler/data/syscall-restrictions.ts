/**
 * Argument restrictions secpol puts on a syscall whenever a policy allows it without writing a
 * condition of its own, by a group or by name: the call is useful, but one of its flags is the usual
 * first step of a container escape. `allow NAME unrestricted` lifts a restriction (warned).
 */

/** One restriction: `arg<index> & mask == value` must hold for the call to be allowed. */
export interface ArgRestriction {
  readonly index: number;
  readonly mask: number;
  readonly value: number;
  /** What the restriction keeps out, in a reviewer's words. */
  readonly text: string;
  /** What lifting it lets the workload do. */
  readonly lifted: string;
}

/**
 * CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
 * CLONE_NEWNET (include/uapi/linux/sched.h), the mask Docker's default profile uses too: without
 * CAP_SYS_ADMIN a new user namespace is where most kernel exploits from a container start, and the
 * other flags need one. Flags are arg0 on every architecture secpol targets (only s390 differs).
 */
export const CLONE_NAMESPACE_FLAGS = 0x7e020000;

/** The restricted syscalls. */
export const ARG_RESTRICTIONS: ReadonlyMap<string, ArgRestriction> = new Map([
  ['clone', { index: 0, mask: CLONE_NAMESPACE_FLAGS, value: 0, text: 'no namespace flags (arg0 & 0x7e020000 == 0)', lifted: 'the workload may create namespaces, a user namespace above all' }],
]);
