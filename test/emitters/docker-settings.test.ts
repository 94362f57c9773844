// The docker-run and Compose artifacts serialise one Docker host configuration (docker-settings.ts),
// so for every example and golden case they say the same thing to the engine: the same security
// options in the same order (only the seccomp file's spelling differs), capabilities, read-only
// root, tmpfs, mounts, ports, user, environment, limits, ulimits, sysctls and network attachment.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { emitCompose } from '../../src/emitters/compose.js';
import { dockerRunArgv } from '../../src/emitters/docker-run.js';
import { NO_LIMIT } from '../../src/emitters/docker-settings.js';
import { repoHost, repoRoot } from '../support/repo.js';

const policies = [
  ...readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).map((f) => `examples/${f}`),
  ...readdirSync(join(repoRoot, 'test/golden/cases')).map((c) => `test/golden/cases/${c}/policy.secpol`).filter((f) => existsSync(join(repoRoot, f))),
].sort();

/** The values of every `flag` in an argv, in order. */
const values = (argv: readonly string[], flag: string): string[] => argv.flatMap((a, i) => (a === flag && i + 1 < argv.length ? [argv[i + 1]!] : []));
const one = (argv: readonly string[], flag: string): string | undefined => values(argv, flag)[0];

describe('one Docker host configuration for docker run and Compose', () => {
  const compiled = policies.map((file) => ({ file, ir: compile(file, readFileSync(join(repoRoot, file), 'utf8'), repoHost).ir })).filter((x) => x.ir !== null);

  it('covers the examples and every golden case that compiles', () => {
    expect(compiled.length).toBeGreaterThanOrEqual(15);
  });

  for (const { file, ir } of compiled)
    it(file, () => {
      const argv = dockerRunArgv(ir!);
      const doc = yaml.load(emitCompose(ir!)[0]!.content) as { services: Record<string, Record<string, unknown>> };
      const s = doc.services[ir!.name]!;
      // Compose doubles `$` for its interpolation; read it back as Compose does.
      const unescape = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/\$\$/g, '$') : Array.isArray(v) ? v.map(unescape) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unescape(x)])) : v);

      const opts = values(argv, '--security-opt');
      expect(opts[0]).toBe(`seccomp=${ir!.name}.seccomp.json`);
      expect(s['security_opt']).toEqual([`seccomp=./${ir!.name}.seccomp.json`, ...opts.slice(1)]);
      expect(s['cap_drop']).toEqual(values(argv, '--cap-drop'));
      expect(s['cap_add'] ?? []).toEqual(values(argv, '--cap-add'));
      expect(s['read_only']).toBe(argv.includes('--read-only'));
      expect(s['tmpfs'] ?? []).toEqual(values(argv, '--tmpfs'));
      expect(s['ports'] ?? []).toEqual(values(argv, '-p'));
      expect(s['user']).toBe(one(argv, '--user'));
      expect(s['group_add'] ?? []).toEqual(values(argv, '--group-add'));
      expect(s['runtime']).toBe(one(argv, '--runtime'));
      expect(s['working_dir']).toBe(one(argv, '--workdir'));
      expect(s['hostname']).toBe(one(argv, '--hostname'));
      expect(Object.entries(unescape(s['environment'] ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`)).toEqual(values(argv, '--env'));
      expect(Object.entries(unescape(s['sysctls'] ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`)).toEqual(values(argv, '--sysctl'));
      expect(Object.entries((s['ulimits'] ?? {}) as Record<string, { soft: number; hard: number }>).map(([k, v]) => `${k}=${v.soft}:${v.hard}`)).toEqual(values(argv, '--ulimit'));
      // Limits: the same numbers in both; a zero (Docker's "none") in neither, swap and pids always.
      const text = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));
      expect(text(s['mem_limit'])).toBe(one(argv, '--memory'));
      expect(text(s['memswap_limit'])).toBe(one(argv, '--memory-swap'));
      expect(text(s['mem_reservation'])).toBe(one(argv, '--memory-reservation'));
      expect(text(s['cpu_shares'])).toBe(one(argv, '--cpu-shares'));
      expect(text(s['pids_limit'])).toBe(one(argv, '--pids-limit'));
      for (const f of ['--memory', '--memory-reservation', '--cpus', '--cpu-shares']) expect(one(argv, f), f).not.toBe('0');
      const cpus = s['cpus'] !== undefined ? Number(s['cpus']) : s['cpu_quota'] !== undefined ? Number(s['cpu_quota']) / Number(s['cpu_period']) : undefined;
      expect(cpus).toBe(one(argv, '--cpus') === undefined ? undefined : Number(one(argv, '--cpus')));
      if (ir!.limits.pids === null) expect(s['pids_limit']).toBe(NO_LIMIT.pids);
      // Mounts: each `--mount` CSV record or relabelled `-v` is one Compose volume entry, in order.
      const mounts = argv.flatMap((a, i) => (a === '--mount' || a === '-v' ? [argv[i + 1]!] : []));
      const volumes = (s['volumes'] ?? []) as (string | { type: string; source: string; target: string; read_only: boolean })[];
      expect(volumes.map((v) => (typeof v === 'string' ? v : [`type=${v.type}`, `src=${v.source}`, `dst=${v.target}`, ...(v.read_only ? ['readonly'] : [])].map((f) => (/[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')))).toEqual(mounts);
      // Network: docker run names the first network Compose lists that is not internal (or its mode).
      const network = one(argv, '--network');
      if (s['network_mode'] !== undefined) expect(s['network_mode']).toBe(network);
      else if (network === 'bridge') expect(s['networks']).toEqual(['default']);
      else expect(s['networks'] as string[]).toContain(network);
      expect(s['ipc']).toBe(one(argv, '--ipc'));
      expect(s['pid']).toBe(one(argv, '--pid'));
    });
});
