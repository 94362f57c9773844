/** Host trees that hold configuration, kernel interfaces, devices or binaries. */
import { hostBinds, sensitiveTreeOf } from '../binds.js';
import { cis, type LintRule } from '../rule.js';

/** SPL303: a bind of /etc, /proc, /sys, /dev, /boot, /usr, /lib or the engines' state. */
export const sensitiveHostMount: LintRule = {
  id: 'SPL303',
  name: 'sensitive-host-mount',
  severity: 'warning',
  summary: 'The workload mounts a sensitive host directory.',
  rationale: 'The host\'s /etc holds its accounts and credentials, /proc and /sys its kernel\'s controls, /dev its devices, /boot its kernel, /usr and /lib its binaries, /var/lib/docker every container\'s files. Reading them leaks the host; writing them changes it.',
  fix: 'Bind the one file or directory the workload needs, read-only, or copy it into the image or a volume.',
  reference: cis('5.5', 'Ensure sensitive host system directories are not mounted on containers'),
  securitySeverity: 6.5,
  tags: ['security', 'mounts'],
  replaces: ['W0104'],
  run: (ctx) =>
    hostBinds(ctx).flatMap((b) => {
      const tree = sensitiveTreeOf(b.mount.source);
      return tree ? [{ message: `bind mount of \`${b.mount.source}\` exposes the host's ${tree}${b.mount.readonly ? '' : ', writable'}`, subject: b.mount.source, region: b.region }] : [];
    }),
};
