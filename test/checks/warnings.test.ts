// The warnings: one describe per check file under src/compiler/4-check/checks/.
import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('dangerous-capabilities', () => {
  it('warns for SYS_ADMIN, SYS_PTRACE, NET_ADMIN, SYS_MODULE and DAC_READ_SEARCH at each name', () => {
    expect(codesOf(workload('  user root\n  capabilities {\n    add SYS_ADMIN, SYS_PTRACE, NET_ADMIN, DAC_READ_SEARCH\n  }\n  syscalls { allow ptrace }'), {}, ['W0101'])).toEqual(['W0101@5:9', 'W0101@5:20', 'W0101@5:32', 'W0101@5:43']);
    expect(codesOf(workload('  user root\n  capabilities { add SYS_MODULE }\n  syscalls { allow finit_module }'), {}, ['W0101'])).toEqual(['W0101@4:22']);
  });
  it('still builds: a warning is not an error', () => {
    expect(compileText(workload('  user root\n  capabilities { add NET_ADMIN }')).ir).not.toBeNull();
  });
});

describe('host-namespaces', () => {
  it('warns for host network, PID and IPC', () => {
    expect(codesOf(workload('  network { mode host }\n  namespaces {\n    pid host\n    ipc host\n  }'))).toEqual(['W0102@3:18', 'W0102@5:9', 'W0102@6:9']);
  });
});

describe('root-user', () => {
  it('warns for `user root` and refuses uid 0 written as a number', () => {
    expect(codesOf(workload('  user root'))).toEqual(['W0103@3:8']);
    expect(codesOf(workload('  user 0:0'))).toEqual(['E0505@3:8']);
  });
});

describe('sensitive-bind-mounts', () => {
  it('warns for the Docker socket, / and /etc', () => {
    expect(codesOf(workload('  filesystem {\n    bind "/var/run/docker.sock" -> /var/run/docker.sock\n    bind "/" -> /host\n    bind "/etc" -> /host-etc\n  }'))).toEqual(['W0104@4:10', 'W0104@5:10', 'W0104@6:10']);
  });
});

describe('limits-are-set', () => {
  it('warns for unlimited memory and pids', () => {
    expect(codesOf(workload('  limits { memory unlimited pids unlimited }'))).toEqual(['W0105@3:19', 'W0105@3:34']);
  });
});

describe('new-privileges-off', () => {
  it('warns when no-new-privileges is off', () => {
    expect(codesOf(workload('  no-new-privileges off'))).toEqual(['W0106@3:21']);
  });
});

describe('writable-root', () => {
  it('warns for a writable root file system', () => {
    expect(codesOf(workload('  filesystem { root writable }'))).toEqual(['W0107@3:21']);
  });
});

describe('ports-bind-an-address', () => {
  it('warns for a port published on every interface', () => {
    expect(codesOf(workload('  network { publish 8080 -> 80 }'))).toEqual(['W0108@3:13']);
  });
});

describe('capabilities-reach-the-user', () => {
  it('warns when capabilities are granted to a non-root user', () => {
    expect(codesOf(workload('  user 101:101\n  capabilities { add CHOWN }\n  syscalls { allow fchownat }'))).toEqual(['W0109@3:8']);
  });
});
