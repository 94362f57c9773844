// SPL513 restriction-lifted: `allow clone unrestricted` (findings at line:col), and the forms of `clone` that are quiet.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

describe('SPL513 restriction-lifted', () => {
  it('reports at the word `unrestricted` (W0114\'s case)', () => {
    expect(findings('SPL513', workload('  syscalls { allow clone unrestricted }'))).toEqual(['SPL513@3:26']);
    const f = lintText(workload('  syscalls { allow clone unrestricted }')).findings.find((x) => x.ruleId === 'SPL513')!;
    expect([f.subject, f.message]).toEqual(['clone', '`clone` is allowed unrestricted: the workload may create namespaces, a user namespace above all']);
  });
  it('reports it in a base, even where the extending policy denies clone', () => {
    const base = 'workload base {\n  syscalls {\n    allow clone unrestricted\n  }\n}\n';
    expect(findings('SPL513', `extends "base.secpol"\n${workload('  syscalls { deny clone }')}`, { 'base.secpol': base })).toEqual(['SPL513@3:17']);
  });
  it('is quiet for clone by name, from @process, and with a condition of its own', () => {
    expect(findings('SPL513', workload('  syscalls { allow clone }'))).toEqual([]);
    expect(findings('SPL513', workload('  syscalls { allow @process }'))).toEqual([]);
    expect(findings('SPL513', workload('  syscalls { allow clone if arg0 & CLONE_NEWUSER == 0 }'))).toEqual([]);
  });
});
