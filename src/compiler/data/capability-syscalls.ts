/**
 * Capabilities and the syscalls they govern (capabilities(7)), one relation read both ways:
 * - `syscallsFor(cap)`: the syscalls a capability exists for, so granting it while the filter blocks
 *   them all is pointless (E0403, capabilities-have-their-syscalls). Broad capabilities such as
 *   SYS_ADMIN, DAC_OVERRIDE or NET_ADMIN are for no particular syscall.
 * - `capabilitiesGating(syscall)`: the capabilities of which a syscall needs one to do anything, as
 *   Docker's default profile gates them, so allowing it without one adds kernel surface for no
 *   function (SPL502, syscalls-beyond-capabilities).
 * Each pair is written once, with the part it plays: `for` (the capability's purpose, though the
 * call works without it: `kill` of one's own processes), `gates` (the call needs it, though it is
 * not what the capability is for: `mount` and SYS_ADMIN), or `both`.
 */

type Part = 'for' | 'gates' | 'both';

/** Capability → syscall → the part the pair plays, in the order the diagnostics list the calls. */
const RELATION: Readonly<Record<string, Readonly<Record<string, Part>>>> = {
  CAP_CHOWN: { chown: 'for', fchown: 'for', fchownat: 'for', lchown: 'for' },
  CAP_SETUID: { setuid: 'both', setreuid: 'both', setresuid: 'both', setfsuid: 'both', setuid32: 'gates', setreuid32: 'gates', setresuid32: 'gates', setfsuid32: 'gates' },
  CAP_SETGID: {
    setgid: 'both', setregid: 'both', setresgid: 'both', setfsgid: 'both', setgroups: 'both',
    setgid32: 'gates', setregid32: 'gates', setresgid32: 'gates', setfsgid32: 'gates', setgroups32: 'gates',
  },
  CAP_NET_BIND_SERVICE: { bind: 'for' },
  CAP_KILL: { kill: 'for', tgkill: 'for', tkill: 'for', rt_sigqueueinfo: 'for', pidfd_send_signal: 'for' },
  CAP_SYS_CHROOT: { chroot: 'both' },
  CAP_SYS_MODULE: { init_module: 'both', finit_module: 'both', delete_module: 'both' },
  CAP_SYS_BOOT: { reboot: 'both', kexec_load: 'both', kexec_file_load: 'both' },
  CAP_SYS_TIME: { settimeofday: 'both', clock_settime: 'both', adjtimex: 'for', clock_adjtime: 'for', stime: 'both' },
  CAP_SYS_PACCT: { acct: 'both' },
  CAP_SYS_RAWIO: { iopl: 'both', ioperm: 'both' },
  CAP_SYSLOG: { syslog: 'for' },
  CAP_MKNOD: { mknod: 'for', mknodat: 'for' },
  CAP_SYS_TTY_CONFIG: { vhangup: 'both' },
  CAP_BPF: { bpf: 'for' },
  CAP_PERFMON: { perf_event_open: 'for' },
  CAP_SYS_PTRACE: { ptrace: 'for', process_vm_readv: 'for', process_vm_writev: 'for', kcmp: 'for', pidfd_getfd: 'for' },
  CAP_SYS_NICE: {
    setpriority: 'for', sched_setscheduler: 'for', sched_setparam: 'for', sched_setattr: 'for', sched_setaffinity: 'for',
    mbind: 'for', set_mempolicy: 'for', migrate_pages: 'for', move_pages: 'for', ioprio_set: 'for',
  },
  CAP_SYS_RESOURCE: { setrlimit: 'for', prlimit64: 'for' },
  CAP_IPC_LOCK: { mlock: 'for', mlock2: 'for', mlockall: 'for', shmctl: 'for' },
  CAP_SYS_ADMIN: {
    mount: 'gates', umount2: 'gates', umount: 'gates', pivot_root: 'gates', swapon: 'gates', swapoff: 'gates',
    sethostname: 'gates', setdomainname: 'gates', quotactl: 'gates', lookup_dcookie: 'gates', fanotify_init: 'gates',
    fsopen: 'gates', fsmount: 'gates', move_mount: 'gates', open_tree: 'gates',
  },
  CAP_DAC_READ_SEARCH: { open_by_handle_at: 'gates' },
};

const FOR = new Map<string, readonly string[]>();
const GATING = new Map<string, string[]>();
for (const [cap, calls] of Object.entries(RELATION)) {
  FOR.set(cap, Object.keys(calls).filter((s) => calls[s] !== 'gates'));
  for (const [s, part] of Object.entries(calls)) if (part !== 'for') GATING.set(s, [...(GATING.get(s) ?? []), cap]);
}

/** The syscalls a capability (canonical, `CAP_CHOWN`) exists for; empty for a broad or unknown one. */
export function syscallsFor(capability: string): readonly string[] {
  return FOR.get(capability) ?? [];
}

/** The capabilities of which `syscall` needs one to do anything; undefined when it needs none. */
export function capabilitiesGating(syscall: string): readonly string[] | undefined {
  return GATING.get(syscall);
}

/** Every capability that exists for some syscall, for tests and docs. */
export const CAPABILITIES_WITH_SYSCALLS: readonly string[] = [...FOR.keys()].filter((c) => FOR.get(c)!.length > 0);

/** Every syscall some capability gates, for tests and docs. */
export const GATED_SYSCALLS: readonly string[] = [...GATING.keys()];
