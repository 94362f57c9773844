/**
 * Syscall names exist in the target architectures' tables (libseccomp's). A name allowed by name must
 * exist on every target architecture: runc silently ignores a name unknown on an architecture, so a
 * rule would quietly do nothing there. (Denying a name absent on some architecture is fine: there is
 * nothing to deny there, and the lowering emits the rule only where the name exists.)
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { suggest } from '../../diagnostics/suggest.js';
import { canonicalCapability } from '../../data/capabilities.js';
import { ALL_SYSCALL_NAMES, syscallExists } from '../../data/syscall-table.js';
import type { Check } from '../check.js';

/** Every syscall named in a rule exists, and an allowed one exists on every target architecture. */
export const syscallsAreKnown: Check = {
  name: 'syscalls-are-known',
  run: ({ workload: w, arches }) => {
    const out: Diagnostic[] = [];
    for (const r of w.syscalls.rules)
      for (const t of r.targets) {
        if (t.value.kind !== 'name') continue;
        const n = t.value.name;
        if (!arches.some((a) => syscallExists(n, a))) {
          const elsewhere = ALL_SYSCALL_NAMES.includes(n);
          if (elsewhere) {
            out.push(diag('E0303', t.span, { name: n, arch: arches.join(' or ') }, { help: 'remove it, or add the architecture where it exists to `arch`' }));
            continue;
          }
          const cap = canonicalCapability(n);
          // The name the user meant, even if it then misses an architecture (E0303 says what to use).
          const guess = suggest(n, ALL_SYSCALL_NAMES);
          out.push(diag('E0302', t.span, { name: n }, cap ? { help: `\`${cap.replace(/^CAP_/, '')}\` is a capability, not a syscall: add it in \`capabilities { add … }\`` } : guess ? { suggestion: guess } : {}));
          continue;
        }
        if (r.verb !== 'allow') continue;
        const missing = arches.filter((a) => !syscallExists(n, a));
        if (missing.length > 0) {
          const alt: Readonly<Record<string, string>> = { open: 'openat', fork: 'clone', vfork: 'clone', stat: 'newfstatat', lstat: 'newfstatat', access: 'faccessat', pipe: 'pipe2', dup2: 'dup3', poll: 'ppoll', select: 'pselect6', epoll_wait: 'epoll_pwait', epoll_create: 'epoll_create1', mkdir: 'mkdirat', unlink: 'unlinkat', rename: 'renameat2', chmod: 'fchmodat', chown: 'fchownat', readlink: 'readlinkat', symlink: 'symlinkat', link: 'linkat', rmdir: 'unlinkat', getdents: 'getdents64', inotify_init: 'inotify_init1', eventfd: 'eventfd2', signalfd: 'signalfd4', time: 'clock_gettime', alarm: 'setitimer', pause: 'ppoll', creat: 'openat', utime: 'utimensat', utimes: 'utimensat', futimesat: 'utimensat', mknod: 'mknodat', lchown: 'fchownat', dup: 'dup3' };
          const portable = alt[n];
          out.push(
            diag('E0303', t.span, { name: n, arch: missing.join(' and ') }, {
              help: portable ? `write \`${portable}\` instead: every architecture has it, and libc calls it where \`${n}\` is missing; or keep \`${n}\` with \`arch ${arches.filter((a) => !missing.includes(a)).join(', ')}\`` : `restrict the policy with \`arch ${arches.filter((a) => !missing.includes(a)).join(', ') || '…'}\``,
            }),
          );
        }
      }
    return out;
  },
};
