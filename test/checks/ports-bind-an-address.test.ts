import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('ports-bind-an-address', () => {
  it('warns for a port published on every interface', () => {
    expect(codesOf(workload('  network { publish 8080 -> 80 }'))).toEqual(['W0108@3:13']);
  });
});
