// The package as it installs: the licence file package.json names, and a checkout or tarball whose
// bundle was never built says how to build it instead of failing with a stack trace.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { license: string; files: string[]; scripts: Record<string, string> };

describe('the package', () => {
  it('ships a LICENSE file with the licence package.json names', () => {
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.files).toContain('LICENSE');
    const text = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^\s*Apache License\s*\n\s*Version 2\.0, January 2004/);
    expect(text).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
  });

  it('a copy without the built bundle says how to build it: exit 1, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-unbuilt-'));
    cpSync(join(repoRoot, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'secpol.js'), 'build', 'x.secpol'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('secpol: the command is not built: dist/secpol.cjs is missing.\nhelp: run `npm install` and then `npm run build` in the secpol folder (an install from git builds it itself).\n');
    expect(r.stdout).toBe('');
  });

  it('builds on `prepare` (an install from git) only when the bundle is missing', () => {
    expect(pkg.scripts['prepare']).toBe('node scripts/prepare.mjs');
    // Here the bundle exists (the test run built it): prepare returns at once and builds nothing.
    const before = statSync(join(repoRoot, 'dist', 'secpol.cjs')).mtimeMs;
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'prepare.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toBe('');
    expect(statSync(join(repoRoot, 'dist', 'secpol.cjs')).mtimeMs).toBe(before);
  });
});
