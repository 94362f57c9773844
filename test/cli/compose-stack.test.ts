// `secpol build --compose-stack FILE`: one Compose file for the batch, written with the artifacts (all
// or nothing), compared by `--check`, refused with a diagnostic or a usage error when it cannot be right.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');
const run = (args: string[], cwd = repoRoot) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const made: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'secpol-stack-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const EXAMPLES = readFileSync(join(repoRoot, 'test', 'golden', 'stacks', 'examples', 'policies.txt'), 'utf8').split('\n').filter(Boolean);
const SEGMENTED = ['app', 'db', 'front'].map((n) => `test/golden/stacks/segmented/${n}.secpol`);
const CONFLICT = ['a', 'b', 'c'].map((n) => `test/golden/stacks/network-conflict/${n}.secpol`);
type Doc = { services: Record<string, { security_opt: string[] }> };

describe('secpol build --compose-stack', () => {
  it('writes the stack beside the artifacts: the golden stack, every seccomp path naming a profile that was written', () => {
    const out = tmp();
    const stack = join(out, 'compose.yaml');
    const r = run(['build', ...EXAMPLES, '-o', out, '--compose-stack', stack]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toContain(`wrote ${stack}`);
    const text = readFileSync(stack, 'utf8');
    expect(text).toBe(readFileSync(join(repoRoot, 'test', 'golden', 'stacks', 'examples', 'expected', 'compose.yaml'), 'utf8'));
    const doc = yaml.load(text) as Doc;
    expect(Object.keys(doc.services)).toEqual(['orders-db', 'payments-api', 'thumbnailer', 'web']);
    for (const [name, s] of Object.entries(doc.services)) {
      const seccomp = s.security_opt.find((o) => o.startsWith('seccomp='))!.slice('seccomp='.length);
      expect(seccomp).toBe(`./${name}/${name}.seccomp.json`);
      expect(existsSync(join(out, seccomp))).toBe(true);
    }
    // The per-workload fragments are still written, and unchanged.
    expect(readFileSync(join(out, 'web', 'compose.yaml'), 'utf8')).toBe(readFileSync(join(repoRoot, 'test', 'golden', 'examples', 'web', 'expected', 'compose.yaml'), 'utf8'));
  });

  it('names each profile relative to the stack file, wherever it is', () => {
    const dir = tmp();
    expect(run(['build', ...SEGMENTED, '-o', 'secpol-out', '--compose-stack', 'compose.secpol.yaml'].map((a) => (a.startsWith('test/') ? join(repoRoot, a) : a)), dir).code).toBe(0);
    const beside = yaml.load(readFileSync(join(dir, 'compose.secpol.yaml'), 'utf8')) as Doc;
    expect(beside.services['stack-db']!.security_opt[0]).toBe('seccomp=./secpol-out/stack-db/stack-db.seccomp.json');
    expect(run(['build', ...SEGMENTED.map((p) => join(repoRoot, p)), '-o', 'secpol-out', '--compose-stack', 'deploy/stack.yaml'], dir).code).toBe(0);
    const below = yaml.load(readFileSync(join(dir, 'deploy', 'stack.yaml'), 'utf8')) as Doc;
    expect(below.services['stack-db']!.security_opt[0]).toBe('seccomp=../secpol-out/stack-db/stack-db.seccomp.json');
  });

  it('--check compares the stack too: up to date, then a hand edit and a deletion are reported and nothing is written', () => {
    const out = tmp();
    const stack = join(out, 'compose.yaml');
    expect(run(['build', ...SEGMENTED, '-o', out, '--compose-stack', stack]).code).toBe(0);
    const ok = run(['build', '--check', ...SEGMENTED, '-o', out, '--compose-stack', stack]);
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(`secpol: 19 artifacts of 3 policies up to date in ${out}\n`);
    writeFileSync(stack, readFileSync(stack, 'utf8').replace('internal: true', 'internal: false'));
    const edited = run(['verify', ...SEGMENTED, '-o', out, '--compose-stack', stack]);
    expect(edited.code).toBe(1);
    expect(edited.out).toContain(`differs ${stack} (built from 3 policies)`);
    expect(edited.out).toContain('-    internal: false');
    expect(edited.out).toContain('+    internal: true');
    expect(readFileSync(stack, 'utf8')).toContain('internal: false');
    rmSync(stack);
    const gone = run(['build', '--check', ...SEGMENTED, '-o', out, '--compose-stack', stack]);
    expect(gone.code).toBe(1);
    expect(gone.out).toContain(`missing ${stack}`);
    expect(existsSync(stack)).toBe(false);
  });

  it('--format json lists the stack as an artifact of no one workload', () => {
    const out = tmp();
    const r = run(['build', ...SEGMENTED, '-o', out, '--compose-stack', join(out, 'compose.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { artifacts: { workload: string | null; path: string }[] };
    expect(report.artifacts.filter((a) => a.workload === null)).toEqual([{ workload: null, path: join(out, 'compose.yaml'), unchanged: false }]);
  });

  it('--stdout prints the stack after the artifacts, under its own header', () => {
    const r = run(['build', ...SEGMENTED, '--stdout', '--compose-stack', 'secpol-out/compose.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('==> secpol-out/compose.yaml <==\n# Compose stack of 3 workloads');
    expect(existsSync(join(repoRoot, 'secpol-out', 'compose.yaml'))).toBe(false);
  });

  it('two policies joining one network differently: E0417 at each place that disagrees, with the first as a label; nothing is written', () => {
    const out = tmp();
    rmSync(out, { recursive: true });
    const r = run(['build', ...CONFLICT, '-o', out, '--compose-stack', join(out, 'compose.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('test/golden/stacks/network-conflict/b.secpol:7:5: error[E0417]: workload `conflict-b` joins network `shared` as not internal, but workload `conflict-a` joins it as internal');
    expect(r.err).toContain('test/golden/stacks/network-conflict/c.secpol:6:5: error[E0417]');
    expect(r.err).toContain('test/golden/stacks/network-conflict/a.secpol:6');
    expect(r.err).toContain('help: write `join shared internal` in both policies, or in neither');
    expect(r.err).toContain('secpol: 2 errors; nothing was written');
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
    // Without --compose-stack the same batch builds: each fragment declares its own network.
    expect(run(['build', ...CONFLICT, '-o', out]).code).toBe(0);
    const check = run(['build', '--check', ...CONFLICT, '-o', out, '--compose-stack', join(out, 'compose.yaml')]);
    expect(check.code).toBe(1);
    expect(check.err).toContain('error[E0417]');
    expect(check.err).toContain('nothing was compared');
  });

  it('usage errors (exit 2, nothing written): a stack that would replace an artifact, a batch without seccomp profiles', () => {
    const out = tmp();
    rmSync(out, { recursive: true });
    const over = run(['build', ...SEGMENTED, '-o', out, '--compose-stack', join(out, 'stack-db', 'compose.yaml')]);
    expect(over.code).toBe(2);
    expect(over.err).toBe(`secpol: error: \`--compose-stack ${join(out, 'stack-db', 'compose.yaml')}\` would replace the artifact \`${join(out, 'stack-db', 'compose.yaml')}\`\nhelp: choose another file, such as \`${join(out, 'compose.yaml')}\`\n`);
    const folder = run(['build', ...SEGMENTED, '-o', out, '--compose-stack', join(out, 'stack-db')]);
    expect(folder.code).toBe(2);
    const noSeccomp = run(['build', ...SEGMENTED, '-o', out, '-t', 'compose', '--compose-stack', join(out, 'compose.yaml')]);
    expect(noSeccomp.code).toBe(2);
    expect(noSeccomp.err).toContain("help: add `seccomp` to `--target`, or leave out `--compose-stack`");
    expect(existsSync(out)).toBe(false);
  });

  it('a path the `seccomp=` option cannot carry is a usage error', () => {
    const dir = tmp();
    const r = run(['build', ...SEGMENTED.map((p) => join(repoRoot, p)), '-o', 'out=1', '--compose-stack', 'compose.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('a Compose `seccomp=` option cannot carry');
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
  });
});
