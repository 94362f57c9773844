/** `apparmor-profile unconfined` becomes Docker's `apparmor=unconfined`: no AppArmor profile at all. */
import { cis, type LintRule } from '../rule.js';

/** The profile name Docker, runc and the kernel read as "no profile". */
const UNCONFINED = 'unconfined';

/** SPL704: `apparmor-profile unconfined`. */
export const apparmorUnconfined: LintRule = {
  id: 'SPL704',
  name: 'apparmor-unconfined',
  severity: 'warning',
  summary: 'The workload runs without an AppArmor profile (`apparmor-profile unconfined`).',
  rationale:
    '`apparmor-profile unconfined` becomes Docker\'s `apparmor=unconfined`: on an AppArmor host the workload runs with no profile at all, neither secpol\'s nor Docker\'s default, so the file, mount and signal rules are gone. No AppArmor profile is written for it and config.json names none.',
  fix: 'Remove `apparmor-profile` to get the profile secpol writes for the workload (`secpol-NAME`), or name a profile you load yourself.',
  reference: cis('5.1', 'Ensure that, if applicable, an AppArmor Profile is enabled'),
  securitySeverity: 6.0,
  tags: ['security', 'apparmor'],
  replaces: ['W0112'],
  run: (ctx) =>
    ctx.ir.apparmor.profileName === UNCONFINED
      ? [{ message: 'the workload runs without an AppArmor profile (`unconfined`)', subject: 'apparmor-profile', region: ctx.setting('apparmor-profile') }]
      : [],
};
