// `secpol diff` as a reviewer runs it: the real command on real git history in a temporary
// repository — a working-tree change against a branch, two commits, a base that changed under an
// `extends` — in its three output forms, with its exit codes.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

const bin = join(repoRoot, 'bin', 'secpol.js');
const run = (args: string[], cwd = repoRoot, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** git with no user or system configuration, so the tests do not depend on the machine's. */
const gitEnv = { PATH: process.env['PATH'] ?? '', GIT_CONFIG_GLOBAL: devNull, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'secpol test', GIT_AUTHOR_EMAIL: 'test@secpol.invalid', GIT_COMMITTER_NAME: 'secpol test', GIT_COMMITTER_EMAIL: 'test@secpol.invalid' };
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A new repository on branch main holding `files`, committed. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'secpol-diff-'));
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, files);
  commit(dir, 'first');
  return dir;
}
function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}
function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

const web = readFileSync(join(repoRoot, 'examples', 'web.secpol'), 'utf8');
const GRANT = '    add NET_BIND_SERVICE, CHOWN, SETUID, SETGID  # everything else is dropped\n';

describe('secpol diff on git history', () => {
  it('the example: NET_BIND_SERVICE changed to NET_ADMIN in the working tree is growth, exit 3', () => {
    expect(web).toContain(GRANT); // the line this scenario edits
    const dir = repo({ 'web.secpol': web });
    write(dir, { 'web.secpol': web.replace(GRANT, GRANT.replace('NET_BIND_SERVICE', 'NET_ADMIN')) });

    const text = run(['diff', 'main:web.secpol', 'web.secpol'], dir);
    expect(text.err).toBe('');
    expect(text.code).toBe(3);
    expect(text.out).toBe(
      'secpol: privilege grew: 1 growth, 1 reduction (main:web.secpol → web.secpol)\n\ncapabilities\n  ⬆ growth     CAP_NET_ADMIN added\n  ⬇ reduction  CAP_NET_BIND_SERVICE removed\n',
    );

    const md = run(['diff', 'main:web.secpol', 'web.secpol', '--format', 'markdown'], dir);
    expect(md.code).toBe(3);
    expect(md.out).toMatch(/^### secpol: ⬆ privilege grew\n/);
    expect(md.out).toContain('`main:web.secpol` → `web.secpol` (workload `web`): **1 growth, 1 reduction**.');
    expect(md.out).toContain('| ⬆ growth | `CAP_NET_ADMIN` added | capabilities |');
    expect(md.out).toContain('| ⬇ reduction | `CAP_NET_BIND_SERVICE` removed | capabilities |');

    const json = run(['diff', 'main:web.secpol', 'web.secpol', '--format', 'json'], dir);
    expect(json.code).toBe(3);
    const j = JSON.parse(json.out);
    expect(j).toMatchObject({ diffVersion: 1, ok: true, before: { file: 'main:web.secpol', workload: 'web' }, after: { file: 'web.secpol', workload: 'web' }, privilegeGrew: true, summary: { growth: 1, reduction: 1, neutral: 0 } });
    expect(j.changes).toEqual([
      { category: 'capabilities', direction: 'growth', subject: 'CAP_NET_ADMIN', before: null, after: 'granted', arches: null, message: 'CAP_NET_ADMIN added' },
      { category: 'capabilities', direction: 'reduction', subject: 'CAP_NET_BIND_SERVICE', before: 'granted', after: null, arches: null, message: 'CAP_NET_BIND_SERVICE removed' },
    ]);
    // Warnings of the policies (NET_ADMIN is dangerous, SPL101) are data in JSON, not noise in text.
    expect(j.diagnostics.map((d: { code: string }) => d.code)).toContain('SPL101');

    // Backwards the same change is growth too (NET_BIND_SERVICE comes back); a pure reduction exits 0.
    expect(run(['diff', 'web.secpol', 'main:web.secpol'], dir).code).toBe(3);
    write(dir, { 'web.secpol': web.replace(GRANT, '    add NET_BIND_SERVICE, SETUID, SETGID\n') });
    const less = run(['diff', 'main:web.secpol', 'web.secpol'], dir);
    expect(less.code).toBe(0);
    expect(less.out).toContain('secpol: privilege did not grow: 1 reduction');
    expect(less.out).toContain('⬇ reduction  CAP_CHOWN removed');
    expect(git(dir, 'status', '--porcelain')).toBe(' M web.secpol\n'); // nothing written, nothing checked out
  });

  it('compares two commits, HEAD~1:x against HEAD:x', () => {
    const dir = repo({ 'x.secpol': 'workload x {\n  image "busybox:1"\n  limits { memory 256MiB }\n}\n' });
    write(dir, { 'x.secpol': 'workload x {\n  image "busybox:1"\n  limits { memory 128MiB }\n  namespaces { pid host }\n}\n' });
    commit(dir, 'second');
    const r = run(['diff', 'HEAD~1:x.secpol', 'HEAD:x.secpol'], dir);
    expect(r.code).toBe(3);
    expect(r.out).toContain('namespaces\n  ⬆ growth     pid namespace: private → host');
    expect(r.out).toContain('limits\n  ⬇ reduction  memory lowered: 256MiB → 128MiB');
    // The same revision on both sides: nothing changed.
    const same = run(['diff', 'HEAD:x.secpol', 'HEAD:x.secpol'], dir);
    expect(same.code).toBe(0);
    expect(same.out).toBe('secpol: no privilege change: no changes (HEAD:x.secpol → HEAD:x.secpol)\n');
  });

  it('reads the base a policy extends at the same revision, when only the base changed', () => {
    const app = 'extends "./base.secpol"\n\nworkload app {\n  image "busybox:1"\n}\n';
    const dir = repo({ 'app.secpol': app, 'base.secpol': 'workload base {\n  user 1000:1000\n}\n', 'sub/app.secpol': app.replace('./base', '../base') });
    write(dir, { 'base.secpol': 'workload base {\n  user 1000:1000\n  capabilities { add KILL }\n  syscalls { allow kill }\n}\n' });
    commit(dir, 'the base grants KILL');
    // The working tree moves on again; the revisions must not see it.
    write(dir, { 'base.secpol': 'workload base {\n  user root\n}\n' });

    const r = run(['diff', 'HEAD~1:app.secpol', 'HEAD:app.secpol'], dir);
    expect(r.code).toBe(3);
    expect(r.out).toContain('⬆ growth     CAP_KILL added');
    expect(r.out).toContain('⬆ growth     kill: blocked (errno EPERM) → allowed');
    expect(r.out).not.toContain('uid');
    // From a sub-folder's policy, `../base.secpol` is outside the policy's folder: refused, unless
    // the root is widened; then it is read at the revision too.
    const confined = run(['diff', 'HEAD~1:sub/app.secpol', 'HEAD:sub/app.secpol'], dir);
    expect(confined.code).toBe(1);
    expect(confined.err).toContain('error[E0705]: base `../base.secpol` is outside `sub`');
    const sub = run(['diff', '--root', '.', 'HEAD~1:sub/app.secpol', 'HEAD:sub/app.secpol'], dir);
    expect(sub.code).toBe(3);
    expect(sub.out).toContain('CAP_KILL added');
    // Paths are relative to the current folder, as for files (the root too).
    expect(run(['diff', '--root', '..', 'HEAD~1:app.secpol', 'HEAD:app.secpol'], join(dir, 'sub')).out).toContain('CAP_KILL added');
    // Against the working tree, where the base now says `user root`.
    const wt = run(['diff', 'HEAD:app.secpol', 'app.secpol'], dir);
    expect(wt.code).toBe(3);
    expect(wt.out).toContain('uid 1000 → 0 (runs as root)');
    expect(wt.out).toContain('CAP_KILL removed');
  });

  it('shows a policy error at a revision with REV:path as the file name, exit 1', () => {
    const dir = repo({
      'app.secpol': 'extends "./base.secpol"\nworkload app {\n  image "busybox:1"\n  capabilities { add NET_ADMN }\n}\n',
      'base.secpol': 'workload base {\n  limits { memory 512MB }\n}\n',
    });
    write(dir, { 'app.secpol': 'workload app {\n  image "busybox:1"\n}\n' });
    const r = run(['diff', 'HEAD:app.secpol', 'app.secpol'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('HEAD:app.secpol:4:22: error[E0301]: unknown capability `NET_ADMN`');
    expect(r.err).toContain('HEAD:base.secpol:2:19: error[E0208]');
    expect(r.err).toContain('no diff was made');
    expect(r.out).toBe('');
    const j = JSON.parse(run(['diff', 'HEAD:app.secpol', 'app.secpol', '--format', 'json'], dir).out);
    expect(j).toMatchObject({ ok: false, privilegeGrew: false, changes: [] });
    expect(j.diagnostics.map((d: { location: { file: string } }) => d.location.file).sort()).toEqual(['HEAD:app.secpol', 'HEAD:base.secpol']);
  });
});

describe('secpol diff: usage errors exit 2 with one clear line and help', () => {
  const dir = repo({ 'web.secpol': web });
  const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at /);

  it('an unknown revision', () => {
    const r = run(['diff', 'nosuchrev:web.secpol', 'web.secpol'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('secpol: error: unknown git revision `nosuchrev`\nhelp: name a branch, tag or commit, e.g. `main`, `HEAD~1` (`git log --oneline` lists commits)\n');
    // A revision is never read as an option of git.
    const dash = run(['diff', '--', '--output=x:web.secpol', 'web.secpol'], dir);
    expect(dash.code).toBe(2);
    expect(dash.err).toContain('`--output=x` is not a git revision');
  });

  it('a file missing at the revision, or on disk', () => {
    const r = run(['diff', 'main:nosuch.secpol', 'web.secpol'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('`nosuch.secpol` does not exist at git revision `main`');
    expect(r.err).toContain('help: ');
    const f = run(['diff', 'web.secpol', 'nosuch.secpol'], dir);
    expect(f.code).toBe(2);
    expect(f.err).toContain('cannot read policy file `nosuch.secpol`');
    noTrace(r.err + f.err);
  });

  it('a side outside the repository, named with a revision', () => {
    // The file exists on disk beside the repository, with a privilege the repository never had: it
    // must not be read from disk and shown as if it were the revision's.
    const outer = mkdtempSync(join(tmpdir(), 'secpol-outer-'));
    const inner = join(outer, 'repo');
    mkdirSync(inner);
    git(inner, 'init', '-q', '-b', 'main');
    write(inner, { 'web.secpol': web });
    commit(inner, 'first');
    writeFileSync(join(outer, 'x.secpol'), web.replace('add NET_BIND_SERVICE', 'add SYS_ADMIN, NET_BIND_SERVICE'));
    for (const side of ['main:../x.secpol', `HEAD:${join(outer, 'x.secpol')}`]) {
      const r = run(['diff', side, 'web.secpol'], inner);
      expect(r.code, side).toBe(2);
      expect(r.err).toMatch(/^secpol: error: `[^`]*x\.secpol` is outside the git repository, so it has no version at `(main|HEAD)`\nhelp: /);
      expect(r.out).toBe('');
      noTrace(r.err);
    }
    // Without a revision the same file is an ordinary file on disk.
    expect(run(['diff', '../x.secpol', 'web.secpol'], inner).code).toBe(0);
  });

  it('a revision outside a git repository', () => {
    const outside = mkdtempSync(join(tmpdir(), 'secpol-nogit-'));
    copyFileSync(join(repoRoot, 'examples', 'web.secpol'), join(outside, 'web.secpol'));
    const r = run(['diff', 'main:web.secpol', 'web.secpol'], outside, { GIT_CEILING_DIRECTORIES: dirname(outside) });
    expect(r.code).toBe(2);
    expect(r.err).toContain('the current folder is not in a git repository');
    expect(r.err).toContain('help: ');
    noTrace(r.err);
    // Two files need no repository.
    expect(run(['diff', 'web.secpol', 'web.secpol'], outside, { GIT_CEILING_DIRECTORIES: dirname(outside) }).code).toBe(0);
  });

  it('a bad format or a missing side', () => {
    expect(run(['diff', 'web.secpol', 'web.secpol', '--format', 'html'], dir).code).toBe(2);
    expect(run(['diff', 'web.secpol'], dir).code).toBe(2);
  });
});

describe('secpol diff on every example', () => {
  const examples = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).sort();
  it.each(examples)('%s against itself: no changes, exit 0', (f) => {
    const r = run(['diff', `examples/${f}`, `examples/${f}`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`secpol: no privilege change: no changes (examples/${f} → examples/${f})\n`);
  });
});
