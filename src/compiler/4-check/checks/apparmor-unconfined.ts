/** `apparmor-profile unconfined` runs the workload without any AppArmor profile; allowed, and said out loud. */
import { diag } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** The profile name Docker, runc and the kernel read as "no profile". */
export const UNCONFINED = 'unconfined';

/** Warns for `apparmor-profile unconfined`. */
export const apparmorUnconfined: Check = {
  name: 'apparmor-unconfined',
  run: ({ workload: w }) =>
    w.apparmorProfile?.value === UNCONFINED ? [diag('W0112', w.apparmorProfile.span, {}, { help: 'remove `apparmor-profile` to get the profile secpol writes for the workload' })] : [],
};
