/**
 * `allow clone unrestricted` lifts the argument restriction secpol puts on `clone` by default (no
 * namespace flags, as Docker's default profile has it), which reopens the usual first step of a
 * container escape. Reported at the word `unrestricted`, in every rule that writes it, whatever
 * another rule makes of the call: the IR keeps no trace of the word once the filter is built.
 */
import { ARG_RESTRICTIONS } from '../../compiler/data/syscall-restrictions.js';
import type { LintRule } from '../rule.js';

/** SPL513: `allow NAME unrestricted`. */
export const restrictionLifted: LintRule = {
  id: 'SPL513',
  name: 'restriction-lifted',
  severity: 'warning',
  summary: 'A rule lifts the argument restriction secpol puts on a call (`allow clone unrestricted`).',
  rationale:
    'By default secpol allows `clone` only without namespace flags, as Docker\'s default profile does: in a new user namespace a process holds every capability over it, which exposes kernel code that is otherwise out of reach and is the usual first step of a container escape. `unrestricted` lifts that for every call of the rule.',
  fix: 'Remove `unrestricted` unless the workload must create namespaces (a sandbox, a build tool); prefer a narrower condition such as `allow clone if arg0 & CLONE_NEWUSER == 0`.',
  reference: { title: 'Docker documentation, Seccomp security profiles for Docker', url: 'https://docs.docker.com/engine/security/seccomp/' },
  securitySeverity: 7.0,
  tags: ['security', 'seccomp', 'namespaces'],
  replaces: ['W0114'],
  run: (ctx) =>
    ctx.workload.syscalls.rules.flatMap((r) => {
      const word = r.unrestricted;
      if (!word || r.verb !== 'allow' || r.conditions.length > 0) return [];
      return r.targets.flatMap((t) => {
        const restriction = t.value.kind === 'name' ? ARG_RESTRICTIONS.get(t.value.name) : undefined;
        return restriction ? [{ message: `\`${t.value.name}\` is allowed unrestricted: ${restriction.lifted}`, subject: t.value.name, region: ctx.at(word.span) }] : [];
      });
    }),
};
