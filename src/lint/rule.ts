/**
 * What a lint rule is: a stable id and name, a severity, the words a reviewer reads (rationale, fix,
 * reference), and a pure function from the compiled workload to findings. One rule per file under
 * rules/, registered in rules.ts; `docs/lint.md` has the table.
 */
import type { LintContext, Region } from './context.js';

/** How much a finding matters. `error` fails `secpol lint`; the others are reported and scored. */
export type LintSeverity = 'error' | 'warning' | 'note';

/** Where a rule's advice comes from: a CIS Docker Benchmark item, or kernel or runtime documentation. */
export interface Reference {
  readonly title: string;
  readonly url: string;
}

/** One place a rule found, before the linter adds the rule's id and any suppression. */
export interface RuleFinding {
  readonly message: string;
  /** What the finding is about (`CAP_SYS_ADMIN`, `ptrace`, `/var/run/docker.sock`), for `ignore RULE SUBJECT`. */
  readonly subject: string;
  readonly region: Region;
}

/** A lint rule. */
export interface LintRule {
  /** Stable id, `SPL` and three digits; the hundreds group the rules (1 privileges, 2 namespaces, 3 file system, 4 limits, 5 syscalls, 6 network, 7 other, 8 Kubernetes). */
  readonly id: string;
  /** Kebab-case name, as stable as the id. */
  readonly name: string;
  readonly severity: LintSeverity;
  /** One sentence: what the rule reports. */
  readonly summary: string;
  /** Why it matters. */
  readonly rationale: string;
  /** What to write instead. */
  readonly fix: string;
  readonly reference: Reference;
  /** 0.0–10.0, as GitHub code scanning reads `security-severity` (9+ critical, 7+ high, 4+ medium). */
  readonly securitySeverity: number;
  readonly tags: readonly string[];
  /**
   * The compiler warning codes (`W01xx`) this rule took over when warnings and lint rules became one
   * system: `--explain W0103` and the docs map each old code to its rule. Absent for rules that had no warning.
   */
  readonly replaces?: readonly string[];
  /**
   * The targets whose artifacts the rule judges (`kubernetes`): it runs only when one of them is
   * built (`build -t`, `check -t`, `lint -t`). Absent: it judges the policy itself and always runs.
   */
  readonly targets?: readonly string[];
  readonly run: (ctx: LintContext) => readonly RuleFinding[];
}

/** The CIS Docker Benchmark version whose item numbers the rules cite. */
export const CIS_VERSION = 'CIS Docker Benchmark v1.6.0';

/** A reference to an item of the CIS Docker Benchmark (numbered as in v1.6.0). */
export const cis = (item: string, title: string): Reference => ({ title: `${CIS_VERSION}, ${item} ${title}`, url: 'https://www.cisecurity.org/benchmark/docker' });

/** A reference to a Linux manual page on man7.org, e.g. `man('ptrace', 2)`. */
export const man = (page: string, section: number, what = ''): Reference => ({
  title: `${page}(${section})${what ? `, ${what}` : ''}`,
  url: `https://man7.org/linux/man-pages/man${section}/${page}.${section}.html`,
});
