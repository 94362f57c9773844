// SPL307 write-everywhere: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe('SPL307 write-everywhere', () => {
  it('reports at `write /**` and `write /`', () => {
    expect(findings('SPL307', workload('  filesystem {\n    write /**\n    write /\n  }'))).toEqual(['SPL307@4:11', 'SPL307@5:11']);
  });
  it('is quiet for writes to named directories', () => {
    expect(findings('SPL307', workload('  filesystem {\n    tmpfs /tmp\n    write /tmp/**, /run/app/**\n  }'))).toEqual([]);
  });
});
