// SPL511 baseline-off: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { RUNTIME_BASELINE_NNP } from '../../../src/compiler/data/syscall-groups.js';
import { syscallExists } from '../../../src/compiler/data/syscall-table.js';
import { workload } from '../../support/harness.js';
import { findings, lintText } from '../../support/lint.js';

describe('SPL511 baseline-off', () => {
  it('reports at `baseline off` when the filter refuses calls of the baseline, execve first', () => {
    const text = workload('  syscalls {\n    baseline off\n    allow read, write\n  }');
    expect(findings('SPL511', text)).toEqual(['SPL511@4:14']);
    const f = lintText(text).findings.find((x) => x.ruleId === 'SPL511')!;
    expect(f.message).toMatch(/refuses \d+ of the calls that start a workload: execve, /);
  });
  it('is quiet with the baseline on, or when the policy allows every call of it itself', () => {
    expect(findings('SPL511', workload('  syscalls {\n    allow read, write\n  }'))).toEqual([]);
    const all = RUNTIME_BASELINE_NNP.filter((n) => syscallExists(n, 'x86_64')).join(', ');
    expect(findings('SPL511', workload(`  arch x86_64\n  syscalls {\n    baseline off\n    allow ${all}\n  }`))).toEqual([]);
  });
});
