// The compiler's warnings (W0101–W0117) are advisory rules now. Each former code is mapped, in one
// table the compiler reads (FORMER_WARNINGS) and in the rules' own `replaces`, and the two agree; the
// docs name the same rules; `--explain` and `lint { ignore … }` lead from an old code to its rule.
// (That each rule reports everything its warning did, at the same line and column, was shown on the
// examples, the golden fixtures and 800 generated policies before the warnings were removed.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CATALOG } from '../../src/compiler/diagnostics/catalog.js';
import { FORMER_WARNINGS, LINT_RULE_IDS } from '../../src/compiler/lint-rule-ids.js';
import { LINT_RULES } from '../../src/lint/rules.js';
import { codesOf, compileText, workload } from '../support/harness.js';
import { repoRoot } from '../support/repo.js';

const codes = Array.from({ length: 17 }, (_, i) => `W01${String(i + 1).padStart(2, '0')}`);

describe('the former warning codes', () => {
  it('are all mapped, the table and the rules agree, and no code is left in the catalog', () => {
    expect(Object.keys(FORMER_WARNINGS).sort()).toEqual(codes);
    const fromRules = Object.fromEntries(codes.map((c) => [c, LINT_RULES.filter((r) => r.replaces?.includes(c)).map((r) => r.id)]));
    expect(fromRules).toEqual(FORMER_WARNINGS);
    for (const ids of Object.values(FORMER_WARNINGS)) for (const id of ids) expect(LINT_RULE_IDS[id], id).toBeDefined();
    // The former compiler warnings are gone; W08xx are `secpol import`'s reports on a source file, which no lint rule (on a policy's IR) could make.
    expect(Object.keys(CATALOG).filter((c) => c.startsWith('W') && !c.startsWith('W08'))).toEqual([]);
  });

  it('are the ones docs/lint.md names for each warning', () => {
    // A range, `SPL201–SPL205`, names every rule between its ends.
    const named = (cell: string): string[] =>
      [...cell.matchAll(/SPL(\d{3})(?:–SPL(\d{3}))?/g)].flatMap((m) => Array.from({ length: Number(m[2] ?? m[1]) - Number(m[1]) + 1 }, (_, i) => `SPL${Number(m[1]) + i}`));
    const rows = [...readFileSync(join(repoRoot, 'docs', 'lint.md'), 'utf8').matchAll(/^\| (W01\d{2}) \| (.*) \|$/gm)].map((m) => [m[1]!, named(m[2]!)]);
    expect(Object.fromEntries(rows)).toEqual(FORMER_WARNINGS);
  });

  it('are explained by the rules that replace them', async () => {
    let out = '';
    const io = { stdout: { write: (s: string | Uint8Array) => (out += String(s)) }, stderr: { write: () => true }, env: {}, cwd: repoRoot };
    expect(await main(['--explain', 'W0103'], io)).toBe(0);
    expect(out).toMatch(/^W0103 is now SPL102: /);
    expect(out).toContain('SPL102 (root-user, lint warning)');
    out = '';
    expect(await main(['--explain', 'w0102'], io)).toBe(0);
    expect(out).toMatch(/^W0102 is now SPL201, SPL202, SPL203, SPL204, SPL205: /);
  });

  it('in `lint { ignore … }` are refused with the rule to name instead', () => {
    const text = workload('  user root\n  lint { ignore W0103 "binds :80" }');
    expect(codesOf(text)).toEqual(['E0309@4:17']);
    const d = compileText(text).diagnostics[0]!;
    expect(d.help).toBe('W0103 was a compiler warning; it is now SPL102 (root-user): `ignore SPL102`');
    expect(d.suggestion).toBe('SPL102');
  });

  it('leave the compiler with errors only: a policy with every former warning compiles with none', () => {
    const text = workload(
      '  user root\n  no-new-privileges off\n  apparmor-profile unconfined\n  selinux disable\n  filesystem {\n    root writable\n    bind "/var/run/docker.sock" -> /var/run/docker.sock\n  }\n  capabilities { add SYS_ADMIN }\n  namespaces { pid host }\n  network { publish 8080 -> 80 }\n  limits { pids unlimited }\n  syscalls {\n    allow @process\n    allow clone unrestricted\n  }',
    );
    const r = compileText(text);
    expect(r.ir).not.toBeNull();
    expect(r.diagnostics).toEqual([]);
  });
});
