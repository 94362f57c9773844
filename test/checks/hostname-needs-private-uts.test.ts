import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('hostname-needs-private-uts', () => {
  it('reports a hostname with the host UTS namespace, at the hostname', () => {
    expect(codesOf(workload('  hostname web\n  namespaces { uts host }'), {}, ['E'])).toEqual(['E0407@3:12']);
  });
  it('accepts a hostname with a private UTS namespace', () => {
    expect(codesOf(workload('  hostname web\n  namespaces { uts private }'))).toEqual([]);
  });
});
