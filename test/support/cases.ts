/**
 * Every policy the artifact tests hold to account: the examples and the golden cases that compile.
 * Each comes with its IR and the artifacts of every target (`kubernetes` too), built as the CLI builds them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/compiler/compile.js';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { emitAll, TARGETS } from '../../src/emitters/index.js';
import { repoHost, repoRoot } from './repo.js';

/** One compiled policy and its artifacts by file name. */
export interface BuiltCase {
  readonly name: string;
  readonly ir: PolicyIR;
  readonly files: ReadonlyMap<string, string>;
}

/** Compiles a policy file (relative to the repository root) and emits every target's artifacts. */
export function build(policy: string): BuiltCase | null {
  const r = compile(policy, repoHost.readFile(policy) as string, repoHost);
  if (!r.ir) return null;
  return { name: policy, ir: r.ir, files: new Map(emitAll(r.ir, TARGETS).map((a) => [a.path, a.content])) };
}

/** The policy files: examples, golden cases, then the end-to-end fixtures. */
export const POLICIES: readonly string[] = [
  ...readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).sort().map((f) => `examples/${f}`),
  ...readdirSync(join(repoRoot, 'test', 'golden', 'cases')).sort().map((d) => `test/golden/cases/${d}/policy.secpol`),
  ...readdirSync(join(repoRoot, 'test', 'e2e', 'fixtures')).filter((f) => f.endsWith('.secpol')).sort().map((f) => `test/e2e/fixtures/${f}`),
];

/** Every policy that compiles, built. */
export const BUILT: readonly BuiltCase[] = POLICIES.map(build).filter((c): c is BuiltCase => c !== null);
