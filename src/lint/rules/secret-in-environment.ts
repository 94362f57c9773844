/** Environment variables are visible in `docker inspect`, /proc/PID/environ and every child process. */
import { type LintRule } from '../rule.js';

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

/** SPL701: an environment variable that looks like it holds a secret. */
export const secretInEnvironment: LintRule = {
  id: 'SPL701',
  name: 'secret-in-environment',
  severity: 'warning',
  summary: 'An environment variable appears to hold a secret.',
  rationale: 'Environment variables are written into the artifacts, shown by `docker inspect`, readable in /proc by processes of the same user, inherited by every child and often logged. A policy file under review is no place for a password either.',
  fix: 'Mount the secret as a file (`bind "/srv/secrets/app" -> /run/secrets readonly`) and pass its path: `env DB_PASSWORD_FILE = "/run/secrets/db-password"`.',
  reference: { title: 'Docker documentation, Secrets in Compose', url: 'https://docs.docker.com/compose/how-tos/use-secrets/' },
  securitySeverity: 6.0,
  tags: ['security', 'secrets'],
  run: (ctx) =>
    ctx.ir.env
      .filter((e) => SECRET_NAME.test(e.name) && !/_(FILE|PATH|DIR)$/i.test(e.name) && !e.value.startsWith('/'))
      .map((e) => ({ message: `environment variable \`${e.name}\` looks like a secret written into the policy`, subject: e.name, region: ctx.setting('env', e.name) })),
};
