/** Without no_new_privs, execve of a setuid binary or one with file capabilities raises privileges. */
import { cis, type LintRule } from '../rule.js';

/** SPL103: no-new-privileges is off. */
export const newPrivilegesAllowed: LintRule = {
  id: 'SPL103',
  name: 'new-privileges-allowed',
  severity: 'warning',
  summary: 'no-new-privileges is off, so setuid binaries and file capabilities can raise privileges.',
  rationale: 'The kernel\'s no_new_privs bit makes execve unable to grant privileges (setuid and setgid bits, file capabilities) and is inherited by every child. Without it, any setuid binary in the image is a way up.',
  fix: 'Remove `no-new-privileges off` (on is the default), and remove the setuid binary from the image instead.',
  reference: cis('5.25', 'Ensure that the container is restricted from acquiring additional privileges'),
  securitySeverity: 6.0,
  tags: ['security', 'privileges'],
  replaces: ['W0106'],
  run: (ctx) => (ctx.ir.noNewPrivileges ? [] : [{ message: 'no-new-privileges is off: setuid binaries can raise privileges', subject: 'no-new-privileges', region: ctx.setting('no-new-privileges') }]),
};
