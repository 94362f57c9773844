import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('ports-are-unique', () => {
  it('reports a host port bound twice', () => {
    expect(codesOf(workload('  network {\n    publish 127.0.0.1:8080 -> 80\n    publish 127.0.0.1:8080 -> 81\n  }'))).toEqual(['E0404@5:5']);
  });
  it('reports a container port published twice on one address', () => {
    expect(codesOf(workload('  network {\n    publish 127.0.0.1:8080 -> 80\n    publish 127.0.0.1:8081 -> 80\n  }'))).toEqual(['E0404@5:5']);
  });
  it('accepts the same port over tcp and udp', () => {
    expect(codesOf(workload('  network {\n    publish 127.0.0.1:53 -> 53/tcp\n    publish 127.0.0.1:53 -> 53/udp\n  }'))).toEqual([]);
  });
  it('reports ports out of range and bad addresses while decoding', () => {
    expect(codesOf(workload('  network { publish 127.0.0.1:70000 -> 80 }'))).toEqual(['E0503@3:21']);
    expect(codesOf(workload('  network { publish 127.0.0.1:8080 -> 0/tcp }'))).toEqual(['E0503@3:39']);
    expect(codesOf(workload('  network { publish 300.0.0.1:8080 -> 80 }'))).toEqual(['E0504@3:21']);
  });
});
