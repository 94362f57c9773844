// `--security-module`: what a build for SELinux hosts (or hosts with neither module) writes, and
// `build --check` judging those files by the same option, so no hand edit is needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'secpol.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('secpol build --security-module', () => {
  it('selinux: config.json names no AppArmor profile, no .apparmor file is written, and build --check agrees with the same option', () => {
    const out = mkdtempSync(join(tmpdir(), 'secpol-lsm-'));
    const policy = 'test/golden/cases/runtime-labels/policy.secpol';
    expect(run(['build', policy, '--out-dir', out, '--security-module', 'selinux']).code).toBe(0);
    const dir = join(out, 'sandboxed');
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.process.apparmorProfile).toBeUndefined();
    expect(config.process.selinuxLabel).toBe('system_u:system_r:container_t:s0:c100,c200');
    expect(existsSync(join(dir, 'sandboxed.apparmor'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'docker-run.json'), 'utf8'))).not.toContain('apparmor=secpol-sandboxed');
    expect(run(['build', '--check', policy, '--out-dir', out, '--security-module', 'selinux']).code).toBe(0);
    // Judged as a build for both modules, the files are not what that build writes.
    const both = run(['build', '--check', policy, '--out-dir', out]);
    expect(both.code).toBe(1);
    expect(both.stdout).toContain(`missing ${join(dir, 'sandboxed.apparmor')}`);
    expect(both.stdout).toContain(`differs ${join(dir, 'config.json')}`);
  });

  it('none: neither module\'s settings; an unknown module is a usage error with a suggestion', () => {
    const r = run(['build', 'examples/web.secpol', '-t', 'oci', '--security-module', 'none', '--stdout']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).process.apparmorProfile).toBeUndefined();
    const bad = run(['build', 'examples/web.secpol', '--security-module', 'selnux']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown security module `selnux`[\s\S]*did you mean `selinux`\?/);
  });
});
