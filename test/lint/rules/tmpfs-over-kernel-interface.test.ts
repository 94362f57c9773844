// SPL308 tmpfs-over-kernel-interface: a policy that triggers the rule (findings at line:col) and one that does not.
import { describe, expect, it } from 'vitest';
import { workload } from '../../support/harness.js';
import { findings } from '../../support/lint.js';

describe('SPL308 tmpfs-over-kernel-interface', () => {
  it('reports a tmpfs over /proc, /sys or /sys/fs/cgroup', () => {
    expect(findings('SPL308', workload('  filesystem {\n    tmpfs /proc\n    tmpfs /sys/fs/cgroup/\n  }'))).toEqual(['SPL308@4:11', 'SPL308@5:11']);
    expect(findings('SPL308', workload('  filesystem { tmpfs /sys }'))).toEqual(['SPL308@3:22']);
  });
  it('is quiet for a tmpfs that masks one subdirectory, or elsewhere', () => {
    expect(findings('SPL308', workload('  filesystem {\n    tmpfs /proc/acpi readonly\n    tmpfs /tmp\n    tmpfs /process\n  }'))).toEqual([]);
  });
});
