/**
 * Golden Compose stacks (`secpol build --compose-stack`): each folder under test/golden/stacks is
 * one batch, its policies the folder's `*.secpol` files and the repository paths in `policies.txt`.
 * The stack is made as the CLI makes it (output folder `secpol-out`, stack file
 * `secpol-out/compose.yaml`) and must equal `expected/compose.yaml`, or, for a batch the stack check
 * refuses, `diagnostics.txt` (code and line:column). To accept a change on purpose:
 * `SECPOL_UPDATE_GOLDEN=1 npx vitest run test/golden/stacks.test.ts`, then review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { composeStackFile } from '../../src/cli/compose-stack-file.js';
import { compile } from '../../src/compiler/compile.js';
import { emitAll } from '../../src/emitters/index.js';
import { at } from '../support/harness.js';
import { repoHost, repoRoot } from '../support/repo.js';
import { validateComposeFile } from '../support/validators.js';

const update = process.env['SECPOL_UPDATE_GOLDEN'] === '1';
const stacksDir = join(repoRoot, 'test', 'golden', 'stacks');

/** The policies of a case, as repository paths, in the order the CLI would be given them. */
export function stackPolicies(name: string): string[] {
  const dir = join(stacksDir, name);
  const listed = existsSync(join(dir, 'policies.txt')) ? readFileSync(join(dir, 'policies.txt'), 'utf8').split('\n').filter(Boolean) : [];
  const own = readdirSync(dir).filter((f) => f.endsWith('.secpol')).sort().map((f) => `test/golden/stacks/${name}/${f}`);
  return [...listed, ...own];
}

/** The stack of a case's policies, or its diagnostics as one text file. */
function produce(name: string, reversed = false): Map<string, string> {
  const policies = stackPolicies(name);
  const workloads = (reversed ? policies.reverse() : policies).map((p) => {
    const r = compile(p, repoHost.readFile(p) as string, repoHost);
    if (!r.ir) throw new Error(`${p} does not compile: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    return { ir: r.ir, files: r.files, artifacts: emitAll(r.ir).map((a) => a.path) };
  });
  const made = composeStackFile(repoRoot, 'secpol-out', 'secpol-out/compose.yaml', workloads, {});
  if ('diagnostics' in made)
    return new Map([['diagnostics.txt', made.diagnostics.map((d) => `${at(d)} ${d.span?.file.name ?? '-'} ${d.message}${d.labels.map((l) => ` | ${l.message}`).join('')}${d.help ? ` | help: ${d.help}` : ''}`).join('\n') + '\n']]);
  return new Map([[join('expected', 'compose.yaml'), made.content]]);
}

const cases = readdirSync(stacksDir).sort();

describe.each(cases)('golden stack %s', (name) => {
  const dir = join(stacksDir, name);
  it('produces exactly the expected stack or diagnostics', () => {
    const got = produce(name);
    if (update) {
      rmSync(join(dir, 'expected'), { recursive: true, force: true });
      rmSync(join(dir, 'diagnostics.txt'), { force: true });
      for (const [p, content] of got) {
        mkdirSync(join(dir, p, '..'), { recursive: true });
        writeFileSync(join(dir, p), content);
      }
    }
    const want = new Map<string, string>();
    for (const p of ['diagnostics.txt', join('expected', 'compose.yaml')]) if (existsSync(join(dir, p))) want.set(p, readFileSync(join(dir, p), 'utf8'));
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [p, content] of want) expect(got.get(p), `${name}: ${p}`).toBe(content);
  });

  it('is byte-identical on a second build', () => {
    expect([...produce(name)]).toEqual([...produce(name)]);
  });

  it('a stack does not depend on the order the policies are given in', () => {
    const got = produce(name);
    if (got.has('diagnostics.txt')) return; // the first policy to join a network is the one the others are held to
    expect([...produce(name, true)]).toEqual([...got]);
  });

  it('an expected stack is a valid Compose file (the Compose Specification schema)', () => {
    const p = join(dir, 'expected', 'compose.yaml');
    if (!existsSync(p)) return expect(existsSync(join(dir, 'diagnostics.txt'))).toBe(true);
    expect(validateComposeFile(yaml.load(readFileSync(p, 'utf8')))).toEqual({ ok: true, errors: [] });
  });
});
