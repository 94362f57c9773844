import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countProbe, requireEngine } from '../support/engines.js';
import { referenceDir } from '../support/repo.js';
import {
  apparmorParse,
  dockerComposeConfig,
  seccompNamesKnown,
  validateComposeFile,
  validateComposeService,
  validateOciConfig,
} from '../support/validators.js';

const fixtures = (kind: 'good' | 'bad'): string[] => {
  const dir = path.join(referenceDir, 'oci-runtime-spec', 'test-fixtures', 'config', kind);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f));
};

describe('validateOciConfig', () => {
  it.each(fixtures('good'))('accepts upstream good fixture %s', (file) => {
    const result = validateOciConfig(JSON.parse(readFileSync(file, 'utf8')));
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(fixtures('bad').filter((f) => !f.endsWith('invalid-json.json')))('rejects upstream bad fixture %s', (file) => {
    const result = validateOciConfig(JSON.parse(readFileSync(file, 'utf8')));
    expect(result.ok).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it('names the wrong field in a readable error', () => {
    const result = validateOciConfig({
      ociVersion: '1.0.2',
      root: { path: 'rootfs' },
      linux: { seccomp: { defaultAction: 'SCMP_ACT_MAYBE' } },
    });
    expect(result.ok).toBe(false);
    expect(result.errors.join('\n')).toMatch(/\/linux\/seccomp\/defaultAction .*SCMP_ACT_ERRNO/);
  });
});

const goodService = {
  image: 'secpol-test/busybox:1',
  read_only: true,
  cap_drop: ['ALL'],
  cap_add: ['NET_BIND_SERVICE'],
  security_opt: ['no-new-privileges:true', 'seccomp=./seccomp.json'],
  tmpfs: ['/tmp'],
  user: '101:101',
  pids_limit: 64,
  deploy: { resources: { limits: { memory: '64m', cpus: '0.5' } } },
};

describe('validateComposeFile', () => {
  it('accepts a hardened service', () => {
    expect(validateComposeService(goodService)).toEqual({ ok: true, errors: [] });
  });

  it('rejects cap_drop given as a string, naming the path', () => {
    const result = validateComposeFile({ services: { app: { ...goodService, cap_drop: 'ALL' } } });
    expect(result.ok).toBe(false);
    expect(result.errors.join('\n')).toContain('/services/app/cap_drop');
  });

  it('rejects an unknown key and says which', () => {
    const result = validateComposeService({ ...goodService, deploy: { resources: { limits: { memry: '1m' } } } });
    expect(result.ok).toBe(false);
    expect(result.errors.join('\n')).toContain('"memry"');
  });
});

describe('seccompNamesKnown', () => {
  it("knows every name in Docker's default profile", () => {
    const profile = readFileSync(path.join(referenceDir, 'moby-seccomp', 'default.json'), 'utf8');
    const result = seccompNamesKnown(profile);
    expect(result.unknown).toEqual([]);
    expect(result.unknownArches).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('reports invented names and architectures, and names absent on the profile arches', () => {
    const result = seccompNamesKnown({
      defaultAction: 'SCMP_ACT_ERRNO',
      architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_Z80'],
      syscalls: [{ names: ['read', 'chmodd', 'socketcall'], action: 'SCMP_ACT_ALLOW' }],
    });
    expect(result.ok).toBe(false);
    expect(result.unknown).toEqual(['chmodd']);
    expect(result.unknownArches).toEqual(['SCMP_ARCH_Z80']);
    expect(result.absentOnProfileArches).toEqual(['socketcall']);
  });
});

const GOOD_PROFILE = `abi <abi/3.0>,
#include <tunables/global>

profile secpol-good flags=(attach_disconnected,mediate_deleted) {
  #include <abstractions/base>
  network inet stream,
  deny /secret/** r,
  /srv/** r,
}
`;

describe.skipIf(requireEngine('apparmor_parser').skip)('apparmorParse (real apparmor_parser)', () => {
  it('accepts a valid profile', () => {
    const result = apparmorParse(GOOD_PROFILE);
    countProbe('apparmor_parser');
    expect(result.stderr).toBe('');
    expect(result.ok).toBe(true);
  });

  it('rejects an invalid rule and names its line', () => {
    const result = apparmorParse(GOOD_PROFILE.replace('/srv/** r,', '/srv/** rq,'));
    countProbe('apparmor_parser');
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/at line 8: syntax error/);
  });
});

describe.skipIf(requireEngine('compose').skip)('dockerComposeConfig (real docker-compose)', () => {
  const dirs: string[] = [];
  const project = (yaml: string): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-compose-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'compose.yaml'), yaml);
    writeFileSync(path.join(dir, 'seccomp.json'), '{"defaultAction":"SCMP_ACT_ALLOW"}');
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a hardened service', () => {
    const result = dockerComposeConfig(
      project(`services:
  app:
    image: secpol-test/busybox:1
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true", "seccomp=./seccomp.json"]
    pids_limit: 64
`),
    );
    countProbe('compose');
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.ok).toBe(true);
    expect(result.stdout).toContain('read_only: true');
  });

  it('rejects a wrong type and says where', () => {
    const result = dockerComposeConfig(project('services:\n  app:\n    image: secpol-test/busybox:1\n    cap_drop: 7\n'));
    countProbe('compose');
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/cap_drop/);
  });
});
