// `secpol import` through the real command: the formats and how they are named, where policies are
// written (never over an existing file without --force), the report in text and JSON, and an input
// it cannot read (exit 1, nothing written, no stack trace).
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
const tmp = () => mkdtempSync(join(tmpdir(), 'secpol-import-'));

const COMPOSE = `services:
  web:
    image: nginx:1.27
    read_only: true
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
    restart: always
  worker:
    image: registry.example/worker:2
    user: "1000:1000"
`;

describe('secpol import', () => {
  it('docker-run after --: writes NAME.secpol, which checks and is formatted, and reports to stderr', () => {
    const dir = tmp();
    const r = run(['import', 'docker-run', '--', 'docker', 'run', '-d', '--name', 'web', '--read-only', '--cap-drop=ALL', '-m', '256m', 'nginx:1.27'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('<command line>:1:12: warning[W0803]: `-d` is not a security setting');
    expect(r.stderr).toContain('wrote web.secpol');
    expect(run(['check', 'web.secpol'], dir).code).toBe(0);
    expect(run(['fmt', '--check', 'web.secpol'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'web.secpol'), 'utf8')).toContain('memory 256MiB');
  });

  it('--from-file reads a script with continuations; an existing file is kept without --force', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n# start it\ndocker run \\\n  --pids-limit=64 \\\n  busybox:1.36 sleep 1\n');
    writeFileSync(join(dir, 'busybox.secpol'), '# mine\n');
    const kept = run(['import', 'docker-run', '--from-file', 'run.sh'], dir);
    expect(kept).toMatchObject({ code: 2, stderr: expect.stringMatching(/`busybox\.secpol` exists/) });
    expect(readFileSync(join(dir, 'busybox.secpol'), 'utf8')).toBe('# mine\n');
    expect(run(['import', 'docker-run', '--from-file', 'run.sh', '--force'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'busybox.secpol'), 'utf8')).toContain('pids 64');
  });

  it('compose: one SERVICE.secpol per service under --out-dir, or one with --service', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    expect(run(['import', 'compose', 'compose.yaml', '--out-dir', 'policies'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'policies', 'web.secpol')) && existsSync(join(dir, 'policies', 'worker.secpol'))).toBe(true);
    const one = run(['import', 'compose.yaml', '--service', 'worker', '--stdout'], dir);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^workload worker \{/);
    expect(one.stdout).toContain('user 1000:1000');
  });

  it('--format json gives the report with codes and places on stdout', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    const r = run(['import', 'compose', 'compose.yaml', '--stdout', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; location: { line: number; column: number } }[]; policies: { name: string; text: string }[] };
    expect(out.ok).toBe(true);
    expect(out.policies.map((p) => p.name)).toEqual(['web', 'worker']);
    expect(out.diagnostics).toContainEqual(expect.objectContaining({ code: 'W0803', location: expect.objectContaining({ line: 7, column: 5 }) }));
  });

  it('an input it cannot read is an error at its place: exit 1, nothing written, no stack trace', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'run.sh'), 'docker run -it \u2013cap-drop ALL ubuntu bash\n');
    const r = run(['import', 'docker-run', '--from-file', 'run.sh'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('run.sh:1:16: error[E0802]: `\u2013cap-drop` is not an option of `docker run`');
    expect(r.stderr).toContain('did you mean `--cap-drop`?');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(join(dir, 'ubuntu.secpol'))).toBe(false);
  });

  it('usage errors: a missing file, no command line, an unknown format', () => {
    const dir = tmp();
    expect(run(['import', 'compose', 'nope.yaml'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^secpol: error: cannot read `nope\.yaml`: no such file\nhelp: /) });
    expect(run(['import', 'docker-run'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('needs the command line') });
    expect(run(['import', 'podman', 'x'], dir).code).toBe(2);
  });

  it('--explain knows the import codes', () => {
    expect(run(['--explain', 'W0801'], tmp()).stdout).toContain('faithful');
  });
});
