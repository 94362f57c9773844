import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('host-namespaces', () => {
  it('warns for host network, PID and IPC', () => {
    expect(codesOf(workload('  network { mode host }\n  namespaces {\n    pid host\n    ipc host\n  }'))).toEqual(['W0102@3:18', 'W0102@5:9', 'W0102@6:9']);
  });
});
