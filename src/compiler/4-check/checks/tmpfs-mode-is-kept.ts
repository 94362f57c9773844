/**
 * A tmpfs `mode` is warned: runc mounts a tmpfs over a directory the image already has with that
 * directory's mode (libcontainer's tmpfs mount chmods the new root to the old directory's mode),
 * and the image is not known at build time, so the mode may never take effect.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Every tmpfs `mode` is warned with what the engines do with it. */
export const tmpfsModeIsKept: Check = {
  name: 'tmpfs-mode-is-kept',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    for (const t of w.filesystem.tmpfs) {
      if (!t.mode) continue;
      out.push(diag('W0116', t.mode.span, { target: t.target.value, mode: t.mode.value.toString(8).padStart(4, '0') }, { help: 'the tmpfs is given to the workload\'s user (uid=, gid=) when it is not root; remove `mode` unless the image has no such directory' }));
    }
    return out;
  },
};
