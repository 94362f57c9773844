/**
 * Relabelling a bind changes the SELinux label of the host directory itself. Docker's SELinux
 * library (opencontainers/selinux, `Relabel`) refuses the host's system directories; secpol refuses
 * them at the policy, with the same list, so the mistake is seen before a host breaks.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Host directories that must never be relabelled (the list go-selinux keeps, minus the caller's $HOME). */
export const RELABEL_REFUSED: ReadonlySet<string> = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/etc/passwd',
  '/etc/pki',
  '/etc/shadow',
  '/home',
  '/lib',
  '/lib64',
  '/media',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
  '/var/lib',
  '/var/log',
]);

/** A bind with `relabel` does not name a host system directory. */
export const relabelSparesSystemPaths: Check = {
  name: 'relabel-spares-system-paths',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const m of w.filesystem.mounts) {
      if (m.kind !== 'bind' || !m.relabel) continue;
      const path = m.source.value.length > 1 ? m.source.value.replace(/\/+$/, '') : m.source.value;
      if (RELABEL_REFUSED.has(path)) out.push(diag('E0411', m.relabel.span, { path, how: m.relabel.value }, { help: 'bind a directory of the workload\'s own, such as `/srv/app/data`, or remove `relabel`' }));
    }
    return out;
  },
};
