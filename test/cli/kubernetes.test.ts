// The Kubernetes target through the real `secpol` command: chosen by name (not by default), written
// under kubernetes/, compared by `build --check`, and its rules (SPL801, SPL802) shown by `check`,
// `build` and `lint` only when it is built.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'secpol-cli-k8s-'));

describe('secpol build -t kubernetes', () => {
  it('is not built by default, and -t kubernetes writes the manifests and SPO resources under kubernetes/', () => {
    const out = tmp();
    expect(run(['build', 'examples/web.secpol', '--out-dir', out]).code).toBe(0);
    expect(existsSync(join(out, 'web', 'kubernetes'))).toBe(false);
    const r = run(['build', 'examples/web.secpol', '--out-dir', out, '-t', 'kubernetes']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(out, 'web', 'kubernetes')).sort()).toEqual(['apparmor-profile.yaml', 'binding', 'deployment.yaml', 'patch', 'seccomp-profile.yaml', 'web.apparmor']);
    expect(readdirSync(join(out, 'web', 'kubernetes', 'patch'))).toEqual(['deployment.yaml']);
    expect(r.stdout).toContain(`wrote ${join(out, 'web', 'kubernetes', 'deployment.yaml')}`);
  });

  it('-t all builds the host artifacts and the cluster\'s', () => {
    const out = tmp();
    expect(run(['build', 'examples/api.secpol', '--out-dir', out, '-t', 'all']).code).toBe(0);
    const files = readdirSync(join(out, 'payments-api')).sort();
    expect(files).toContain('config.json');
    expect(files).toContain('kubernetes');
  });

  it('build --check -t kubernetes reports a hand-edited manifest as stale, and passes when it is not', () => {
    const out = tmp();
    run(['build', 'examples/worker.secpol', '--out-dir', out, '-t', 'kubernetes']);
    expect(run(['build', '--check', 'examples/worker.secpol', '--out-dir', out, '-t', 'kubernetes']).code).toBe(0);
    const file = join(out, 'thumbnailer', 'kubernetes', 'deployment.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true'));
    const r = run(['build', '--check', 'examples/worker.secpol', '--out-dir', out, '-t', 'kubernetes']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`differs ${join(out, 'thumbnailer', 'kubernetes', 'deployment.yaml')}`);
    expect(r.stdout).toContain('+            allowPrivilegeEscalation: false');
  });

  it('--kubernetes-kind statefulset writes a StatefulSet and its patch instead, and build --check compares those', () => {
    const out = tmp();
    const r = run(['build', 'examples/postgres.secpol', '--out-dir', out, '-t', 'kubernetes', '--kubernetes-kind', 'statefulset']);
    expect(r.code, r.stderr).toBe(0);
    const dir = join(out, 'orders-db', 'kubernetes');
    expect(readdirSync(dir)).toContain('statefulset.yaml');
    expect(readdirSync(dir)).not.toContain('deployment.yaml');
    expect(readdirSync(join(dir, 'patch'))).toEqual(['statefulset.yaml']);
    expect(readFileSync(join(dir, 'statefulset.yaml'), 'utf8')).toMatch(/^kind: "StatefulSet"$/m);
    expect(run(['build', '--check', 'examples/postgres.secpol', '--out-dir', out, '-t', 'kubernetes', '--kubernetes-kind', 'statefulset']).code).toBe(0);
    // Without the option the check wants a Deployment, which is not there.
    const d = run(['build', '--check', 'examples/postgres.secpol', '--out-dir', out, '-t', 'kubernetes']);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain(`missing ${join(dir, 'deployment.yaml')}`);
  });

  it('--kubernetes-kind takes only the kinds it knows', () => {
    const r = run(['build', 'examples/web.secpol', '-t', 'kubernetes', '--kubernetes-kind', 'job']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deployment, statefulset, daemonset, pod/);
  });

  it('an unknown target suggests the nearest and lists `all`', () => {
    const r = run(['build', 'examples/web.secpol', '-t', 'kubernets']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean `kubernetes`\?/);
    expect(r.stderr).toContain('`all`');
  });
});

describe('the Kubernetes rules run only when the target is built', () => {
  it('check shows SPL801 and SPL802 with -t kubernetes, and neither without', () => {
    const without = run(['check', 'examples/web.secpol']);
    expect(without.stderr).not.toMatch(/SPL80[12]/);
    const r = run(['check', 'examples/web.secpol', '-t', 'kubernetes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/examples\/web\.secpol:5:8: warning\[SPL801\]: Pod Security "restricted", running-as-non-root/);
    expect(r.stderr).toMatch(/warning\[SPL802\]: Kubernetes has no pids limit per container/);
  });

  it('lint -t kubernetes --format json lists them; lint alone does not', () => {
    const ids = (args: string[]) => (JSON.parse(run(['lint', 'examples/postgres.secpol', '--format', 'json', ...args]).stdout) as { workloads: { findings: { ruleId: string }[] }[] }).workloads.flatMap((w) => w.findings.map((f) => f.ruleId));
    expect(ids([]).filter((id) => id.startsWith('SPL8'))).toEqual([]);
    expect(ids(['-t', 'kubernetes'])).toEqual(expect.arrayContaining(['SPL801', 'SPL802']));
  });
});
