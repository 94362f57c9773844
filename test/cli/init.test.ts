// `secpol init`: a starting policy that compiles, builds and is already in `secpol fmt`'s layout;
// existing files are kept; a name or image the language refuses writes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'secpol.js'), ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('secpol init', () => {
  it('writes NAME.secpol, which checks without a warning, builds every artifact and is formatted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-init-'));
    const r = run(['init', 'shop-api', '--image', 'registry.example/shop/api:3.1'], dir);
    expect(r).toMatchObject({ code: 0, stdout: 'wrote shop-api.secpol\nnext: secpol check shop-api.secpol, then secpol build shop-api.secpol\n' });
    const text = readFileSync(join(dir, 'shop-api.secpol'), 'utf8');
    expect(text).toContain('image "registry.example/shop/api:3.1"');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(3);
    expect(run(['check', 'shop-api.secpol'], dir)).toMatchObject({ code: 0, stderr: '' });
    expect(run(['fmt', '--check', 'shop-api.secpol'], dir).code).toBe(0);
    expect(run(['build', 'shop-api.secpol', '-t', 'all'], dir).code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'secpol-out', 'shop-api', 'config.json'), 'utf8'));
    expect(config.process.user).toMatchObject({ uid: 10001, gid: 10001 });
    expect(config.root.readonly).toBe(true);
    expect(config.process.capabilities.bounding).toEqual([]);
  });

  it('keeps an existing file unless --force, and writes elsewhere with -o', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-init-'));
    writeFileSync(join(dir, 'web.secpol'), '# mine\n');
    expect(run(['init', 'web', '--image', 'nginx:1.27'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/`web\.secpol` exists/) });
    expect(readFileSync(join(dir, 'web.secpol'), 'utf8')).toBe('# mine\n');
    expect(run(['init', 'web', '--image', 'nginx:1.27', '-o', 'front.secpol'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'front.secpol'))).toBe(true);
    expect(run(['init', 'web', '--image', 'nginx:1.27', '--force'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'web.secpol'), 'utf8')).toContain('workload web {');
  });

  it('a name or an image the language refuses: its diagnostic, exit 1, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-init-'));
    const bad = run(['init', 'Bad_Name', '--image', 'x:1'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error\[E0206\]: invalid name `Bad_Name`/);
    const image = run(['init', 'app', '--image', 'x" }\nworkload y { image "z'], dir);
    expect(image.code).toBe(1);
    expect(image.stderr).toContain('nothing was written');
    expect(existsSync(join(dir, 'Bad_Name.secpol')) || existsSync(join(dir, 'app.secpol'))).toBe(false);
  });

  it('needs --image', () => {
    expect(run(['init', 'web'], tmpdir()).code).toBe(2);
  });
});
