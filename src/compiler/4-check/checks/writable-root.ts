/** The root file system is read-only by default; `root writable` is flagged. */
import { diag } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Warns for `root writable`. */
export const writableRoot: Check = {
  name: 'writable-root',
  run: ({ workload: w }) => (w.filesystem.root?.value === 'writable' ? [diag('W0107', w.filesystem.root.span, {}, { help: 'keep `root readonly` and declare writable paths with `tmpfs` or `volume`' })] : []),
};
