import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('limits-are-in-range', () => {
  it('reports memory under Docker\'s 6MiB minimum', () => {
    expect(codesOf(workload('  limits { memory 4MiB }'))).toEqual(['E0601@3:19']);
  });
  it('reports memory-swap below memory and a reservation above it', () => {
    expect(codesOf(workload('  limits {\n    memory 512MiB\n    memory-swap 256MiB\n    memory-reservation 1GiB\n  }'))).toEqual(['E0601@5:17', 'E0601@6:24']);
  });
  it('reports cpus, cpu-shares and pids out of range', () => {
    expect(codesOf(workload('  limits { cpus 0.001 cpu-shares 1 pids 0 }'))).toEqual(['E0601@3:17', 'E0601@3:34', 'E0601@3:41']);
  });
  it('reports a soft ulimit above its hard one', () => {
    expect(codesOf(workload('  limits { nofile 4096:1024 }'))).toEqual(['E0601@3:12']);
  });
  it('reports a size with a bad unit while decoding, with a hint', () => {
    expect(codesOf(workload('  limits { memory 512MB }'))).toEqual(['E0208@3:19']);
  });
  it('accepts the seed article\'s limits', () => {
    expect(codesOf(workload('  limits {\n    memory 512MiB memory-swap 512MiB memory-reservation 256MiB\n    cpus 1.5 cpu-shares 512 pids 256\n    nofile 1024:2048 nproc 512:512\n  }'))).toEqual([]);
  });
});
