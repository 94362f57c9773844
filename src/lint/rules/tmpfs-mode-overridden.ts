/**
 * runc mounts a tmpfs over a directory the image already has with that directory's mode
 * (libcontainer chmods the new mount's root to the old directory's mode), whatever `mode=` says, and
 * the image is not known when the policy is built: a tmpfs `mode` may never take effect.
 */
import { settingOrigin } from '../../compiler/ir-query.js';
import type { LintRule } from '../rule.js';

/** SPL310: `tmpfs PATH mode NNNN`. */
export const tmpfsModeOverridden: LintRule = {
  id: 'SPL310',
  name: 'tmpfs-mode-overridden',
  severity: 'note',
  summary: 'A tmpfs `mode` is overridden where the image already has the directory.',
  rationale:
    'runc mounts a tmpfs over a directory the image already has with that directory\'s mode, whatever the `mode=` option says (Docker does the same through runc), so `mode` takes effect only where the image has no such directory. secpol gives every writable tmpfs to the workload\'s user (tmpfs `uid=` and `gid=`) when it does not run as root, so the workload can write its tmpfs either way.',
  fix: 'Remove `mode` unless the path is new to the image; to let the workload write the tmpfs, run it as its own non-root user, which secpol makes the tmpfs\'s owner.',
  reference: { title: 'Docker documentation, tmpfs mounts: tmpfs-mode', url: 'https://docs.docker.com/engine/storage/tmpfs/' },
  securitySeverity: 1.0,
  tags: ['security', 'filesystem', 'correctness'],
  replaces: ['W0116'],
  run: (ctx) =>
    ctx.ir.filesystem.tmpfs.flatMap((t) => {
      if (t.mode === null) return [];
      const written = settingOrigin(ctx.ir, 'tmpfs.mode', t.target);
      const mode = t.mode.toString(8).padStart(4, '0');
      return [{ message: `\`mode ${mode}\` of tmpfs \`${t.target}\` is overridden where the image already has \`${t.target}\``, subject: t.target, region: ctx.at(written ?? t.origin) }];
    }),
};
