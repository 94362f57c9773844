// `secpol build --check` and `secpol verify`: the artifacts on disk against what secpol would write,
// with a short diff for each that differs, and nothing written, ever.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');
const run = (args: string[], cwd = repoRoot) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'secpol-check-'));

/** Every file under `dir` with its size and modification time: what "nothing was written" compares. */
function snapshot(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => {
      const p = join(d, e.name);
      if (e.isDirectory()) return [`${relative(dir, p)}/`, ...walk(p)];
      const s = statSync(p);
      return [`${relative(dir, p)} ${s.size} ${s.mtimeMs}`];
    });
  return walk(dir).sort();
}

const examples = readdirSync(join(repoRoot, 'examples'))
  .filter((f) => f.endsWith('.secpol'))
  .sort()
  .map((f) => `examples/${f}`);

describe('secpol build --check', () => {
  it('passes after a build, for every example, and writes nothing', () => {
    const out = tmp();
    expect(run(['build', ...examples, '-o', out]).code).toBe(0);
    const before = snapshot(out);
    const r = run(['build', '--check', ...examples, '-o', out]);
    expect(r.err).not.toContain('error['); // the examples' warnings are shown, as by build
    expect(r.code).toBe(0);
    expect(r.out).toBe(`secpol: ${examples.length * 6} artifacts of ${examples.length} policies up to date in ${out}\n`);
    expect(run(['verify', ...examples, '--out-dir', out]).code).toBe(0);
    expect(snapshot(out)).toEqual(before);
  });

  it('fails on a hand-edited artifact, naming it with a short diff, and writes nothing', () => {
    const out = tmp();
    expect(run(['build', 'examples/postgres.secpol', '-o', out]).code).toBe(0);
    const seccomp = join(out, 'orders-db', 'orders-db.seccomp.json');
    const text = readFileSync(seccomp, 'utf8');
    expect(text).toContain('"defaultAction": "SCMP_ACT_ERRNO"');
    writeFileSync(seccomp, text.replace('"defaultAction": "SCMP_ACT_ERRNO"', '"defaultAction": "SCMP_ACT_ALLOW"'));
    const before = snapshot(out);
    const r = run(['build', '--check', 'examples/postgres.secpol', '-o', out]);
    expect(r.code).toBe(1);
    const shown = join(out, 'orders-db', 'orders-db.seccomp.json');
    expect(r.out).toContain(`differs ${shown} (built from examples/postgres.secpol)\n--- ${shown} (on disk)\n+++ ${shown} (from examples/postgres.secpol)\n@@ -`);
    expect(r.out).toContain('\n-  "defaultAction": "SCMP_ACT_ALLOW",\n+  "defaultAction": "SCMP_ACT_ERRNO",\n');
    expect(r.out.split('\n').length).toBeLessThan(20); // a few lines of context, not the file
    expect(r.out).not.toContain('config.json'); // only what differs is named
    expect(r.err).toContain('secpol: 1 of 6 artifacts out of date (1 differs); nothing was written');
    expect(r.err).toContain('help: run `secpol build`');
    expect(snapshot(out)).toEqual(before);
  });

  it('reports a deleted artifact as missing, and checks only the chosen targets', () => {
    const out = tmp();
    expect(run(['build', 'examples/web.secpol', '-o', out]).code).toBe(0);
    rmSync(join(out, 'web', 'compose.yaml'));
    const before = snapshot(out);
    const r = run(['verify', 'examples/web.secpol', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`missing ${join(out, 'web', 'compose.yaml')} (built from examples/web.secpol)\n`);
    expect(r.err).toContain('1 of 6 artifacts out of date (1 missing)');
    expect(run(['build', '--check', 'examples/web.secpol', '-o', out, '--target', 'seccomp,apparmor']).code).toBe(0);
    // An output folder that does not exist: everything is missing, and it is not created.
    const none = join(out, 'never');
    expect(run(['verify', 'examples/web.secpol', '-o', none]).code).toBe(1);
    expect(snapshot(out)).toEqual(before);
  });

  it('gives the result as JSON with --format json', () => {
    const out = tmp();
    expect(run(['build', 'examples/web.secpol', '-o', out, '-t', 'seccomp,oci']).code).toBe(0);
    rmSync(join(out, 'web', 'config.json'));
    const r = run(['verify', 'examples/web.secpol', '-o', out, '-t', 'seccomp,oci', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      ok: false,
      artifacts: [
        { workload: 'web', path: join(out, 'web', 'web.seccomp.json'), status: 'ok' },
        { workload: 'web', path: join(out, 'web', 'config.json'), status: 'missing' },
      ],
    });
  });

  it('keeps the policy errors and usage errors of build, and writes nothing', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.secpol'), 'workload bad {\n  image "x"\n  capabilities { add NET_ADMN }\n}\n');
    const bad = run(['verify', 'bad.secpol', '-o', 'out'], dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('bad.secpol:3:22: error[E0301]');
    expect(run(['build', '--check', 'examples/web.secpol', '--target', 'secomp']).err).toContain('did you mean `seccomp`?');
    expect(run(['build', '--check', 'examples/web.secpol', '--stdout']).code).toBe(2);
    expect(run(['verify', 'no-such.secpol'], dir).code).toBe(2);
    expect(readdirSync(dir)).toEqual(['bad.secpol']);
  });
});
