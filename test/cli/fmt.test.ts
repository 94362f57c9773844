// `secpol fmt` through the real command: rewrites in place, `--check` for CI (exit 1 and a diff),
// `--stdout`, and a file with errors changes nothing, in any file of the batch.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');
const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('secpol fmt', () => {
  it('--check exits 1 with a diff for a file that is not canonical; fmt rewrites it; --check then passes and the policy builds the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-fmt-'));
    // The example is canonical (the test below holds it so); aligned by hand, as people write, it is not.
    const aligned = readFileSync(join(repoRoot, 'examples', 'web.secpol'), 'utf8').replace('  image "nginx:1.27"', '  image   "nginx:1.27"');
    writeFileSync(join(dir, 'web.secpol'), aligned);
    const original = readFileSync(join(dir, 'web.secpol'), 'utf8');
    const before = run(['build', 'web.secpol', '--stdout'], dir).stdout;
    const check = run(['fmt', '--check', 'web.secpol'], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('not formatted web.secpol');
    expect(check.stdout).toContain('-  image   "nginx:1.27"');
    expect(check.stdout).toContain('+  image "nginx:1.27"');
    expect(readFileSync(join(dir, 'web.secpol'), 'utf8')).toBe(original);
    const f = run(['fmt', 'web.secpol'], dir);
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toBe('formatted web.secpol\n');
    expect(run(['fmt', '--check', 'web.secpol'], dir)).toMatchObject({ code: 0, stdout: 'secpol fmt: 1 policy is formatted\n' });
    expect(run(['fmt', 'web.secpol'], dir).stdout).toBe('unchanged web.secpol\n');
    // Same meaning: the artifacts differ only where they quote the policy's line numbers.
    const after = run(['build', 'web.secpol', '--stdout'], dir).stdout;
    const noLines = (s: string) => s.replace(/web\.secpol:\d+/g, 'web.secpol:N');
    expect(noLines(after)).toBe(noLines(before));
  });

  it('--stdout prints the formatted text and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-fmt-'));
    writeFileSync(join(dir, 'a.secpol'), 'workload a {image "b"; user 1:1}\n');
    expect(run(['fmt', '--stdout', 'a.secpol'], dir)).toMatchObject({ code: 0, stdout: 'workload a {\n  image "b"\n  user 1:1\n}\n' });
    expect(readFileSync(join(dir, 'a.secpol'), 'utf8')).toBe('workload a {image "b"; user 1:1}\n');
  });

  it('a file with a syntax error in the batch: its diagnostic, exit 1, and no file is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secpol-fmt-'));
    writeFileSync(join(dir, 'good.secpol'), 'workload a {image "b"}\n');
    writeFileSync(join(dir, 'bad.secpol'), 'workload a {\n  image "b\n}\n');
    const r = run(['fmt', 'good.secpol', 'bad.secpol'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.secpol:2:9: error\[E0102\]: unterminated string/);
    expect(r.stderr).toContain('nothing was formatted');
    expect(readFileSync(join(dir, 'good.secpol'), 'utf8')).toBe('workload a {image "b"}\n');
  });

  it('a missing file is a usage error (exit 2)', () => {
    const r = run(['fmt', 'nope.secpol'], tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });

  it('every policy under examples/ is canonical: `fmt --check` passes on them, as a pre-commit hook or CI step would run it', () => {
    const files = (readdirSync(join(repoRoot, 'examples'), { recursive: true }) as string[]).filter((f) => f.endsWith('.secpol')).sort().map((f) => join('examples', f));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const r = run(['fmt', '--check', ...files], repoRoot);
    expect(r.stdout + r.stderr).toBe(`secpol fmt: ${files.length} policies are formatted\n`);
    expect(r.code).toBe(0);
  });
});
