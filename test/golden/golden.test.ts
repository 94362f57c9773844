/**
 * Golden fixtures. Every example and every folder under test/golden/cases is compiled; its artifacts
 * (or its diagnostics) must equal the committed expected files byte for byte. To accept a change on
 * purpose: `SECPOL_UPDATE_GOLDEN=1 npx vitest run test/golden`, then review the diff like code.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { advise } from '../../src/lint/advise.js';
import { emitAll, TARGETS } from '../../src/emitters/index.js';
import { at } from '../support/harness.js';
import { repoHost, repoRoot } from '../support/repo.js';

const update = process.env['SECPOL_UPDATE_GOLDEN'] === '1';

interface Case {
  readonly name: string;
  readonly policy: string; // relative to the repo root
  readonly dir: string; // the folder of expected files
}

const examples: Case[] = readdirSync(join(repoRoot, 'examples'))
  .filter((f) => f.endsWith('.secpol'))
  .sort()
  .map((f) => ({ name: `examples/${f}`, policy: `examples/${f}`, dir: join(repoRoot, 'test', 'golden', 'examples', f.replace(/\.secpol$/, '')) }));

const casesDir = join(repoRoot, 'test', 'golden', 'cases');
const cases: Case[] = readdirSync(casesDir)
  .sort()
  .map((d) => ({ name: `cases/${d}`, policy: `test/golden/cases/${d}/policy.secpol`, dir: join(casesDir, d) }));

/** What a case produces: its artifacts by path, or its diagnostics as one text file. */
function produce(c: Case): Map<string, string> {
  // What `secpol check` shows: the compiler's errors, or the advisory rules' warnings.
  const r = advise(c.policy, compile(c.policy, repoHost.readFile(c.policy) as string, repoHost));
  const out = new Map<string, string>();
  if (r.diagnostics.length > 0) out.set('diagnostics.txt', r.diagnostics.map((d) => `${at(d)} ${d.span?.file.name ?? '-'} ${d.message}${d.help ? ` | help: ${d.help}` : ''}`).join('\n') + '\n');
  // Every target's artifacts, the cluster's (`kubernetes/…`) too.
  if (r.ir) for (const a of emitAll(r.ir, TARGETS)) out.set(join('expected', a.path), a.content);
  return out;
}

function expectedFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (existsSync(join(dir, 'diagnostics.txt'))) out.set('diagnostics.txt', readFileSync(join(dir, 'diagnostics.txt'), 'utf8'));
  const ex = join(dir, 'expected');
  if (existsSync(ex)) for (const f of (readdirSync(ex, { recursive: true }) as string[]).sort()) if (statSync(join(ex, f)).isFile()) out.set(join('expected', f), readFileSync(join(ex, f), 'utf8'));
  return out;
}

describe.each([...examples, ...cases])('golden $name', (c) => {
  it('produces exactly the expected artifacts or diagnostics', () => {
    const got = produce(c);
    if (update) {
      rmSync(join(c.dir, 'expected'), { recursive: true, force: true });
      rmSync(join(c.dir, 'diagnostics.txt'), { force: true });
      for (const [p, content] of got) {
        mkdirSync(join(c.dir, p, '..'), { recursive: true });
        writeFileSync(join(c.dir, p), content);
      }
    }
    const want = expectedFiles(c.dir);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [p, content] of want) expect(got.get(p), `${c.name}: ${p}`).toBe(content);
  });

  it('is byte-identical on a second build', () => {
    const a = produce(c);
    const b = produce(c);
    expect([...b.entries()]).toEqual([...a.entries()]);
  });
});
