/**
 * A capability that exists to permit particular syscalls is pointless when the filter blocks all of
 * them: either the grant is not needed, or the syscall was forgotten. The mapping lists capabilities
 * whose use is (almost) only through those syscalls (capabilities(7)); broad ones such as SYS_ADMIN,
 * DAC_OVERRIDE or NET_ADMIN are not judged.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { canonicalCapability } from '../../data/capabilities.js';
import { syscallExists } from '../../data/syscall-table.js';
import { isAllowed, resolveSyscalls } from '../../syscall-rules.js';
import type { Check } from '../check.js';

/** Capability → the syscalls it exists for. */
export const CAPABILITY_SYSCALLS: Readonly<Record<string, readonly string[]>> = {
  CAP_CHOWN: ['chown', 'fchown', 'fchownat', 'lchown'],
  CAP_SETUID: ['setuid', 'setreuid', 'setresuid', 'setfsuid'],
  CAP_SETGID: ['setgid', 'setregid', 'setresgid', 'setfsgid', 'setgroups'],
  CAP_NET_BIND_SERVICE: ['bind'],
  CAP_KILL: ['kill', 'tgkill', 'tkill', 'rt_sigqueueinfo', 'pidfd_send_signal'],
  CAP_SYS_CHROOT: ['chroot'],
  CAP_SYS_MODULE: ['init_module', 'finit_module', 'delete_module'],
  CAP_SYS_BOOT: ['reboot', 'kexec_load', 'kexec_file_load'],
  CAP_SYS_TIME: ['settimeofday', 'clock_settime', 'adjtimex', 'clock_adjtime', 'stime'],
  CAP_SYS_PACCT: ['acct'],
  CAP_SYS_RAWIO: ['iopl', 'ioperm'],
  CAP_SYSLOG: ['syslog'],
  CAP_MKNOD: ['mknod', 'mknodat'],
  CAP_SYS_TTY_CONFIG: ['vhangup'],
  CAP_BPF: ['bpf'],
  CAP_PERFMON: ['perf_event_open'],
  CAP_SYS_PTRACE: ['ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd'],
  CAP_SYS_NICE: ['setpriority', 'sched_setscheduler', 'sched_setparam', 'sched_setattr', 'sched_setaffinity', 'mbind', 'set_mempolicy', 'migrate_pages', 'move_pages', 'ioprio_set'],
  CAP_SYS_RESOURCE: ['setrlimit', 'prlimit64'],
  CAP_IPC_LOCK: ['mlock', 'mlock2', 'mlockall', 'shmctl'],
};

/** Reports a granted capability whose syscalls the filter denies, on every target architecture. */
export const capabilitiesHaveTheirSyscalls: Check = {
  name: 'capabilities-have-their-syscalls',
  run: ({ workload: w, arches }) => {
    const out: Diagnostic[] = [];
    if (w.capabilities.add.length === 0) return out;
    const grants = resolveSyscalls(w, arches);
    const defaultAllows = w.syscalls.defaultAction?.value.kind === 'allow' || w.syscalls.defaultAction?.value.kind === 'log';
    for (const c of w.capabilities.add) {
      const canon = canonicalCapability(c.value);
      const needs = canon ? CAPABILITY_SYSCALLS[canon]?.filter((s) => arches.some((a) => syscallExists(s, a))) : undefined;
      if (!canon || !needs || needs.length === 0) continue;
      if (needs.some((s) => isAllowed(grants, s, defaultAllows))) continue;
      const shown = needs.length === 1 ? `\`${needs[0]}\`` : `all of ${needs.map((s) => `\`${s}\``).join(', ')}`;
      out.push(diag('E0403', c.span, { capability: canon.replace(/^CAP_/, ''), syscalls: shown }, { help: `allow ${needs.length === 1 ? `\`${needs[0]}\`` : 'the syscall the workload uses'} in \`syscalls { … }\`, or remove the capability` }));
    }
    return out;
  },
};
