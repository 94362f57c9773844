/**
 * The resource knobs in every artifact that can carry them (docs/mapping.md): memory-swap defaults
 * to the memory limit, so the limit cannot be dodged through swap; cpu-shares and the nproc ulimit
 * reach config.json, compose.yaml and docker run. Seccomp and AppArmor cannot express limits.
 */
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { emitAll } from '../../src/emitters/index.js';
import { compileText, workload } from '../support/harness.js';

interface Artifacts {
  readonly oci: { process: { rlimits: { type: string; soft: number; hard: number }[] }; linux: { resources: { memory: { limit: number; swap: number }; cpu: { shares?: number } } } };
  readonly compose: Record<string, number | Record<string, { soft: number; hard: number }>>;
  readonly argv: string[];
}

function artifacts(limits: string): Artifacts {
  const r = compileText(workload(`  limits {\n${limits}\n  }`));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const files = new Map(emitAll(r.ir!).map((a) => [a.path, a.content]));
  const compose = yaml.load(files.get('compose.yaml')!) as { services: { app: Artifacts['compose'] } };
  return { oci: JSON.parse(files.get('config.json')!), compose: compose.services.app, argv: JSON.parse(files.get('docker-run.json')!) };
}

const flag = (argv: readonly string[], f: string): string[] => argv.flatMap((a, i) => (a === f ? [argv[i + 1]!] : []));

describe('the resource knobs', () => {
  it('memory without memory-swap: swap equals memory everywhere (no swap), so the limit cannot be dodged', () => {
    const mem = String(96 * 2 ** 20);
    const a = artifacts('    memory 96MiB');
    expect(a.oci.linux.resources.memory).toEqual({ limit: Number(mem), swap: Number(mem) });
    expect([a.compose.mem_limit, a.compose.memswap_limit]).toEqual([Number(mem), Number(mem)]);
    expect([flag(a.argv, '--memory'), flag(a.argv, '--memory-swap')]).toEqual([[mem], [mem]]);
  });

  it('the default memory limit comes with the same swap limit', () => {
    const a = artifacts('    pids 64');
    expect(a.oci.linux.resources.memory.swap).toBe(a.oci.linux.resources.memory.limit);
    expect(a.compose.memswap_limit).toBe(a.compose.mem_limit);
    expect(flag(a.argv, '--memory-swap')).toEqual(flag(a.argv, '--memory'));
  });

  it('an explicit memory-swap above memory is written as memory plus swap', () => {
    const a = artifacts('    memory 64MiB  memory-swap 128MiB');
    expect(a.oci.linux.resources.memory.swap).toBe(128 * 2 ** 20);
    expect(a.compose.memswap_limit).toBe(128 * 2 ** 20);
    expect(flag(a.argv, '--memory-swap')).toEqual([String(128 * 2 ** 20)]);
  });

  it('cpu-shares reaches config.json, compose.yaml and docker run', () => {
    const a = artifacts('    cpu-shares 256');
    expect(a.oci.linux.resources.cpu.shares).toBe(256);
    expect(a.compose.cpu_shares).toBe(256);
    expect(flag(a.argv, '--cpu-shares')).toEqual(['256']);
  });

  it('nproc, by name or with `ulimit`, reaches config.json, compose.yaml and docker run', () => {
    for (const line of ['    nproc 64:128', '    ulimit nproc 64:128']) {
      const a = artifacts(line);
      expect(a.oci.process.rlimits).toContainEqual({ type: 'RLIMIT_NPROC', hard: 128, soft: 64 });
      expect((a.compose.ulimits as Record<string, unknown>)['nproc']).toEqual({ soft: 64, hard: 128 });
      expect(flag(a.argv, '--ulimit')).toContain('nproc=64:128');
    }
  });
});
