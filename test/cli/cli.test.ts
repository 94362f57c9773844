// The `secpol` command as a user runs it: a real process, real files, exit codes, nothing on
// disk changed by a failing build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CATALOG } from '../../src/compiler/diagnostics/catalog.js';
import { LINT_RULES } from '../../src/lint/rules.js';
import { repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');
const run = (args: string[], cwd = repoRoot, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'secpol-cli-'));

describe('secpol build', () => {
  it('a rebuild rewrites only what changed and leaves the other files and their timestamps alone', () => {
    const out = tmp();
    expect(run(['build', 'examples/postgres.secpol', '--out-dir', out]).code).toBe(0);
    const dir = join(out, 'orders-db');
    const names = readdirSync(dir).sort();
    // Timestamps far in the past, so a rewrite would show.
    for (const n of names) utimesSync(join(dir, n), 1_000_000, 1_000_000);
    const edited = join(dir, 'orders-db.seccomp.json');
    const original = readFileSync(edited, 'utf8');
    writeFileSync(edited, original.replace('SCMP_ACT_ERRNO', 'SCMP_ACT_ALLOW'));
    utimesSync(edited, 1_000_000, 1_000_000);
    const r = run(['build', 'examples/postgres.secpol', '--out-dir', out]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean).sort()).toEqual(
      names.map((n) => `${n === 'orders-db.seccomp.json' ? 'wrote' : 'unchanged'} ${join(out, 'orders-db', n)}`).sort(),
    );
    expect(readFileSync(edited, 'utf8')).toBe(original);
    for (const n of names) expect([n, statSync(join(dir, n)).mtimeMs === 1_000_000_000]).toEqual([n, n !== 'orders-db.seccomp.json']);
    expect(readdirSync(dir).sort()).toEqual(names);
  });

  it('writes the five artifacts of a policy into <out>/<workload>/', () => {
    const out = tmp();
    const r = run(['build', 'examples/postgres.secpol', '--out-dir', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, 'orders-db')).sort()).toEqual(['compose.yaml', 'config.json', 'docker-run.json', 'docker-run.txt', 'orders-db.apparmor', 'orders-db.seccomp.json']);
  });

  it('builds only the chosen targets', () => {
    const out = tmp();
    expect(run(['build', 'examples/postgres.secpol', '-o', out, '--target', 'seccomp,oci']).code).toBe(0);
    expect(readdirSync(join(out, 'orders-db')).sort()).toEqual(['config.json', 'orders-db.seccomp.json']);
  });

  it('prints one artifact to stdout with --stdout', () => {
    const r = run(['build', 'examples/postgres.secpol', '--target', 'seccomp', '--stdout']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).defaultAction).toBe('SCMP_ACT_ERRNO');
  });

  it('exits 1 with file:line:col, the code, a caret and help on a policy error, and writes nothing', () => {
    const dir = tmp();
    const good = readFileSync(join(repoRoot, 'examples', 'postgres.secpol'), 'utf8');
    writeFileSync(join(dir, 'ok.secpol'), good);
    writeFileSync(join(dir, 'bad.secpol'), 'workload bad {\n  image "x"\n  capabilities { add NET_ADMN }\n}\n');
    const r = run(['build', 'ok.secpol', 'bad.secpol', '--out-dir', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.secpol:3:22: error[E0301]: unknown capability `NET_ADMN`');
    expect(r.err).toContain('^^^^^^^^');
    expect(r.err).toContain('help: did you mean `NET_ADMIN`?');
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('exits 2 on a usage error, with a suggestion', () => {
    const r = run(['build', 'examples/web.secpol', '--target', 'secomp']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean `seccomp`?');
    expect(run(['build', 'no-such.secpol']).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
  });

  it("words the option parser's errors like every other usage error: one line and help", () => {
    const missing = run(['diff', 'examples/web.secpol']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("secpol: error: missing required argument 'new'\nhelp: run `secpol --help`, or `secpol COMMAND --help`, for the usage\n");
    const unknown = run(['build', 'examples/web.secpol', '--stdot']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe("secpol: error: unknown option '--stdot'\nhelp: did you mean `--stdout`?\n");
    const command = run(['biuld', 'examples/web.secpol']);
    expect(command.code).toBe(2);
    expect(command.err).toBe("secpol: error: unknown command 'biuld'\nhelp: did you mean `build`?\n");
  });

  it('gives diagnostics as JSON with --format json', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.secpol'), 'workload bad {\n  image "x"\n  limits { memory 512MB }\n}\n');
    const r = run(['check', 'bad.secpol', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.diagnostics[0]).toMatchObject({ code: 'E0208', location: { file: 'bad.secpol', line: 3, column: 19 } });
  });

  it('never colours output that is not a terminal, and never with NO_COLOR', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.secpol'), 'workload bad {\n  image "x"\n  user root\n}\n');
    expect(run(['check', 'bad.secpol'], dir).err).not.toContain('\u001b[');
    expect(run(['check', 'bad.secpol'], dir, { NO_COLOR: '1' }).err).not.toContain('\u001b[');
  });
});

describe('secpol check, --explain, --version', () => {
  it('checks every example without writing', () => {
    const r = run(['check', ...readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).map((f) => `examples/${f}`)]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('policies OK');
  });

  it('explains a code by code or name', () => {
    const r = run(['--explain', 'E0303']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('syscall-not-on-arch');
    expect(run(['--explain', 'unknown-capability']).out).toContain('E0301');
    expect(run(['--explain', 'E9999']).code).toBe(2);
  });

  it('explains every code: each catalog entry and each lint rule, by id or name', async () => {
    // In process (the same `main` the bundle runs), so a hundred codes cost no hundred start-ups.
    const explain = async (code: string): Promise<{ code: number; out: string }> => {
      let out = '';
      const io = { stdout: { write: (s: string | Uint8Array) => (out += String(s)) }, stderr: { write: (s: string) => (out += s) }, env: {}, cwd: repoRoot };
      return { code: await main(['--explain', code], io), out };
    };
    for (const code of Object.keys(CATALOG)) {
      const r = await explain(code);
      expect(r.code, code).toBe(0);
      expect(r.out.startsWith(`${code} (`), code).toBe(true);
    }
    for (const rule of LINT_RULES) {
      const r = await explain(rule.id.toLowerCase());
      expect(r.code, rule.id).toBe(0);
      expect(r.out).toContain(`${rule.id} (${rule.name}, lint ${rule.severity})`);
      expect(r.out).toContain(rule.fix);
    }
    expect(run(['--explain', 'ptrace-allowed']).out).toContain('SPL504');
    const typo = run(['--explain', 'SPL10']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('did you mean');
  });

  it('prints the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(run(['--version']).out.trim()).toBe(pkg.version);
  });
});
