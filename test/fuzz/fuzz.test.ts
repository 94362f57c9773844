// The compiler's fuzz target in CI: 10,000 generated and mutated policies (test/support/fuzz-cases.ts
// says how they are made and what a case must do). The seed is fixed so a failure here is a failure
// on every machine; SECPOL_FUZZ_SEED and SECPOL_FUZZ_CASES change it. `npm run fuzz` is the long run.
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_BUDGET_MS, describeCase, fuzzCases, loadSeeds, runCase, type FuzzCase } from '../support/fuzz-cases.js';

const CASES = Number(process.env.SECPOL_FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.SECPOL_FUZZ_SEED ?? 20_261_203);
const root = path.join(import.meta.dirname, '..', '..');

describe('fuzzing the compiler', () => {
  it(`${CASES} cases: no throw, no internal error, nothing unescaped, bounded output, none over ${CASE_BUDGET_MS} ms`, () => {
    const seeds = loadSeeds(root);
    expect(seeds.length).toBeGreaterThan(10);
    const families = new Map<string, number>();
    let slowest = 0;
    fc.assert(
      fc.property(fuzzCases(seeds), (c: FuzzCase) => {
        families.set(c.family, (families.get(c.family) ?? 0) + 1);
        const o = runCase(c);
        slowest = Math.max(slowest, o.ms);
        if (o.failure) throw new Error(`${o.failure.kind}: ${o.failure.detail}\n  in ${describeCase(c)}`);
      }),
      // No shrinking: a failing case is reported as generated, with the seed and path to replay it.
      { numRuns: CASES, seed: SEED, endOnFailure: true },
    );
    // Every family was exercised, so a change to the generator cannot quietly narrow the run.
    expect([...families.keys()].sort()).toEqual(['byte-mutate', 'bytes', 'extends', 'mutate', 'structured', 'tokens']);
    for (const n of families.values()) expect(n).toBeGreaterThan(CASES / 40);
    console.log(`fuzz: ${CASES} cases, seed ${SEED}, slowest ${slowest.toFixed(0)} ms; ${[...families].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }, 900_000);
});
