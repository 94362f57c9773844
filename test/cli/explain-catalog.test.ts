// What the language ships, read from the installed command (src/ is not shipped): the syscall groups
// and presets through `secpol explain --groups`, `--group NAME` and `--preset [NAME]`, text and JSON.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/compiler/data/presets.js';
import { SYSCALL_GROUPS } from '../../src/compiler/data/syscall-groups.js';
import { repoRoot } from '../support/repo.js';

const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'secpol.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('secpol explain --groups, --group, --preset', () => {
  it('--groups lists every group with its size and description', () => {
    const r = run(['explain', '--groups']);
    expect(r.code).toBe(0);
    for (const g of SYSCALL_GROUPS) expect(r.stdout).toMatch(new RegExp(`^  @${g.name} +${g.syscalls.length}  ${g.description.slice(0, 30).replace(/[()?.*+[\]\\]/g, '\\$&')}`, 'm'));
  });

  it('--group NAME (with or without @) gives exactly the group\'s syscalls, in text and JSON', () => {
    for (const g of SYSCALL_GROUPS) {
      const j = JSON.parse(run(['explain', '--group', g.name, '--format', 'json']).stdout);
      expect(j).toMatchObject({ ok: true, question: { kind: 'group', name: g.name }, answer: { name: g.name, description: g.description, syscalls: [...g.syscalls] } });
    }
    const text = run(['explain', '--group', '@set-identity']).stdout;
    const listed = text.split('\n').slice(2).join(' ').split(/[,\s]+/).filter(Boolean);
    expect(listed).toEqual([...SYSCALL_GROUPS.find((g) => g.name === 'set-identity')!.syscalls]);
  });

  it('--preset lists the presets, and --preset NAME prints its policy as written', () => {
    expect(run(['explain', '--preset']).stdout.split('\n').slice(1).filter(Boolean).map((l) => l.trim())).toEqual(Object.keys(PRESETS).sort());
    const j = JSON.parse(run(['explain', '--preset', 'batch-job', '--format', 'json']).stdout);
    expect(j.answer).toEqual({ name: 'batch-job', policy: PRESETS['batch-job'] });
    expect(run(['explain', '--preset', 'batch-job']).stdout).toContain(PRESETS['batch-job']!);
  });

  it('an unknown group or preset is a usage error with a suggestion; a file beside the question is refused', () => {
    expect(run(['explain', '--group', 'netwrk-server'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/did you mean `network-server`\?/) });
    expect(run(['explain', '--preset', 'web-servr'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/did you mean `web-server`\?/) });
    expect(run(['explain', 'examples/web.secpol', '--group', 'ipc'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/about the language, not a policy/) });
    expect(run(['explain'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs a policy file/) });
  });
});
