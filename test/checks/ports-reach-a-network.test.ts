import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('ports-reach-a-network', () => {
  it('reports every published port when every joined network is internal', () => {
    expect(codesOf(workload('  network {\n    join backend internal\n    join db internal\n    publish 127.0.0.1:8080 -> 80\n    publish 127.0.0.1:5353 -> 53/udp\n  }'), {}, ['E04'])).toEqual([
      'E0498@6:5',
      'E0498@7:5',
    ]);
  });
  it('accepts a published port when one joined network is not internal', () => {
    expect(codesOf(workload('  network {\n    join backend internal\n    join frontend\n    publish 127.0.0.1:8080 -> 80\n  }'), {}, ['E04'])).toEqual([]);
  });
  it('accepts an internal network without published ports', () => {
    expect(codesOf(workload('  network {\n    join backend internal\n    protocols tcp\n  }'))).toEqual([]);
  });
});
