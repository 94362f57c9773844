// The README's "Using secpol in CI" workflow, run for real: its `run:` steps (all but `npm ci`) are
// taken from the README's YAML and executed with bash in a clone of a temporary repository, with
// `npx secpol` calling this checkout's CLI. Three pull requests: one that changes nothing, one that
// swaps NET_BIND_SERVICE for NET_ADMIN, and one that edits a generated file by hand.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

/** The workflow in the README's CI section. */
function readmeWorkflow(): { steps: Step[] } {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using secpol in CI'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('the README has no yaml block under "Using secpol in CI"');
  const doc = yaml.load(block[1]!) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(doc.jobs)[0]!;
}

const bin = join(repoRoot, 'bin', 'secpol.js');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=secpol test', '-c', 'user.email=test@secpol.invalid', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A repository with the examples as its policies and their generated artifacts, on main; a clone of it on a branch. */
function repository(): { work: string; shims: string } {
  const root = mkdtempSync(join(tmpdir(), 'secpol-readme-ci-'));
  const upstream = join(root, 'upstream');
  mkdirSync(join(upstream, 'policies'), { recursive: true });
  for (const f of readdirSync(join(repoRoot, 'examples')).filter((x) => x.endsWith('.secpol'))) cpSync(join(repoRoot, 'examples', f), join(upstream, 'policies', f));
  cpSync(join(repoRoot, 'examples', 'shared'), join(upstream, 'policies', 'shared'), { recursive: true });
  git(upstream, 'init', '-q', '-b', 'main');
  const policies = readdirSync(join(upstream, 'policies')).filter((x) => x.endsWith('.secpol')).map((x) => `policies/${x}`);
  execFileSync(process.execPath, [bin, 'build', ...policies, '--out-dir', 'generated'], { cwd: upstream, stdio: 'ignore' });
  git(upstream, 'add', '.');
  git(upstream, 'commit', '-q', '-m', 'policies and their artifacts');
  const work = join(root, 'work');
  git(root, 'clone', '-q', upstream, work);
  git(work, 'checkout', '-q', '-b', 'change');
  // `npx secpol …` as the workflow writes it, calling this checkout's CLI.
  const shims = join(root, 'shims');
  mkdirSync(shims);
  writeFileSync(join(shims, 'npx'), `#!/bin/sh\n[ "$1" = secpol ] || { echo "npx shim: only secpol" >&2; exit 127; }\nshift\nexec '${process.execPath}' '${bin}' "$@"\n`);
  chmodSync(join(shims, 'npx'), 0o755);
  return { work, shims };
}

/** Runs each `run:` step but `npm ci` as GitHub would (bash -e), with the base branch `main`; returns exit codes by step name. */
function runSteps(work: string, shims: string): { codes: Record<string, number>; output: Record<string, string>; summary: string } {
  const summaryFile = join(work, '..', 'step-summary.md');
  writeFileSync(summaryFile, '');
  const codes: Record<string, number> = {};
  const output: Record<string, string> = {};
  for (const step of readmeWorkflow().steps) {
    if (!step.run || step.run.trim() === 'npm ci') continue;
    const env: Record<string, string> = { PATH: `${shims}:${process.env['PATH'] ?? ''}`, GITHUB_STEP_SUMMARY: summaryFile, HOME: work };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = v.replace('${{ github.base_ref }}', 'main');
    const r = spawnSync('bash', ['-e', '-c', step.run], { cwd: work, env, encoding: 'utf8' });
    codes[step.name ?? step.run] = r.status ?? -1;
    output[step.name ?? step.run] = r.stdout + r.stderr;
  }
  return { codes, output, summary: readFileSync(summaryFile, 'utf8') };
}

const CHECK = 'Generated artifacts are up to date';
const LINT = 'Lint';
const DIFF = 'Privilege diff against the base branch';

describe('the README CI workflow', () => {
  it('has the three secpol steps and the SARIF upload', () => {
    const steps = readmeWorkflow().steps;
    expect(steps.filter((s) => s.name).map((s) => s.name)).toEqual([CHECK, LINT, 'Upload the lint results to code scanning', DIFF]);
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))).toBeDefined();
  });

  it('a pull request that changes nothing passes every step, and the SARIF is code-scanning shaped', () => {
    const { work, shims } = repository();
    const { codes, output } = runSteps(work, shims);
    expect(codes, JSON.stringify(output, null, 2)).toEqual({ [CHECK]: 0, [LINT]: 0, [DIFF]: 0 });
    const sarif = JSON.parse(readFileSync(join(work, 'secpol.sarif'), 'utf8')) as { version: string; runs: { tool: { driver: { name: string } }; results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.tool.driver.name).toBe('secpol');
  });

  it('swapping NET_BIND_SERVICE for NET_ADMIN: the diff step fails asking for a review, and lint flags the capability', () => {
    const { work, shims } = repository();
    const file = join(work, 'policies', 'web.secpol');
    writeFileSync(file, readFileSync(file, 'utf8').replace('add NET_BIND_SERVICE', 'add NET_ADMIN'));
    execFileSync(process.execPath, [bin, 'build', 'policies/web.secpol', '--out-dir', 'generated'], { cwd: work, stdio: 'ignore' });
    git(work, 'commit', '-q', '-am', 'web: NET_ADMIN');
    const { codes, output, summary } = runSteps(work, shims);
    expect(codes, JSON.stringify(output, null, 2)).toEqual({ [CHECK]: 0, [LINT]: 1, [DIFF]: 1 });
    expect(output[DIFF]).toContain('::error::privilege grew');
    expect(summary).toContain('| ⬆ growth | `CAP_NET_ADMIN` added | capabilities |');
    expect(summary).toContain('`CAP_NET_BIND_SERVICE` removed');
    const sarif = readFileSync(join(work, 'secpol.sarif'), 'utf8');
    expect(sarif).toContain('"ruleId": "SPL101"');
  });

  it('a new policy: the diff step asks for a review, as for any growth', () => {
    const { work, shims } = repository();
    writeFileSync(join(work, 'policies', 'cache.secpol'), readFileSync(join(work, 'policies', 'worker.secpol'), 'utf8').replace(/^workload ([a-z0-9-]+) \{/m, 'workload cache {'));
    execFileSync(process.execPath, [bin, 'build', 'policies/cache.secpol', '--out-dir', 'generated'], { cwd: work, stdio: 'ignore' });
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'a new workload');
    const { codes, output } = runSteps(work, shims);
    expect(codes[CHECK], output[CHECK]).toBe(0);
    expect(codes[DIFF], output[DIFF]).toBe(1);
    expect(output[DIFF]).toContain('new policy: policies/cache.secpol');
    expect(output[DIFF]).toContain('::error::privilege grew');
  });

  it('a generated seccomp profile edited by hand: the check step fails and names the file', () => {
    const { work, shims } = repository();
    const profile = join(work, 'generated', 'web', 'web.seccomp.json');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace('"SCMP_ACT_ERRNO"', '"SCMP_ACT_ALLOW"'));
    git(work, 'commit', '-q', '-am', 'loosen web by hand');
    const { codes, output } = runSteps(work, shims);
    expect(codes, JSON.stringify(output, null, 2)).toEqual({ [CHECK]: 1, [LINT]: 0, [DIFF]: 0 });
    expect(output[CHECK]).toContain('differs generated/web/web.seccomp.json');
  });
});
