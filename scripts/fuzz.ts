// `npm run fuzz`: the long fuzz run over the compiler (the CI run is test/fuzz/fuzz.test.ts, with
// fewer cases). Generates cases from test/support/fuzz-cases.ts, runs each in this process, and
// prints cases per second, the slowest cases and every failure class with a short example.
// Figures only: the run fails (exit 1) on a failure, never on speed.
//
//   npx tsx scripts/fuzz.ts [--cases N] [--seed S] [--json]
//     --cases N   how many cases (default 100000)
//     --seed S    the generator's seed (default: random, printed so a run can be repeated)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describeCase, fuzzCases, loadSeeds, runCase, type FuzzCase } from '../test/support/fuzz-cases.js';

const usage = 'usage: npx tsx scripts/fuzz.ts [--cases N] [--seed S] [--json]';
const argv = process.argv.slice(2);
let cases = 100_000;
let seed = Math.floor(Math.random() * 2 ** 31);
let asJson = false;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const num = (): number => {
    const v = Number(argv[++i]);
    if (!Number.isSafeInteger(v) || v < 0) {
      console.error(`fuzz: ${a} needs a whole number\n${usage}`);
      process.exit(2);
    }
    return v;
  };
  if (a === '--cases') cases = num();
  else if (a === '--seed') seed = num();
  else if (a === '--json') asJson = true;
  else {
    console.error(`fuzz: unknown option ${a}\n${usage}`);
    process.exit(2);
  }
}

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const arb = fuzzCases(loadSeeds(root));
const BATCH = 250;
const failures = new Map<string, { count: number; example: string }>();
const families = new Map<string, { count: number; ms: number; slowest: number }>();
const slowest: { ms: number; what: string }[] = [];
let done = 0;
let totalMs = 0;
let chars = 0;
const started = performance.now();
for (let batch = 0; done < cases; batch++) {
  const n = Math.min(BATCH, cases - done);
  const sample: FuzzCase[] = fc.sample(arb, { numRuns: n, seed: (seed + batch * 7919) | 0 });
  for (const c of sample) {
    const o = runCase(c);
    done++;
    totalMs += o.ms;
    chars += c.text.length;
    const f = families.get(c.family) ?? { count: 0, ms: 0, slowest: 0 };
    families.set(c.family, { count: f.count + 1, ms: f.ms + o.ms, slowest: Math.max(f.slowest, o.ms) });
    if (slowest.length < 5 || o.ms > slowest[slowest.length - 1]!.ms) {
      slowest.push({ ms: o.ms, what: describeCase(c).slice(0, 160) });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest.length = Math.min(slowest.length, 5);
    }
    if (o.failure) {
      const key = `${o.failure.kind}: ${o.failure.detail.slice(0, 120)}`;
      const seen = failures.get(key);
      failures.set(key, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? describeCase(c) });
    }
  }
  if (!asJson && process.stderr.isTTY) process.stderr.write(`\r${done}/${cases} cases`);
}
const wallS = (performance.now() - started) / 1000;
if (!asJson && process.stderr.isTTY) process.stderr.write('\n');

const failed = [...failures.values()].reduce((n, f) => n + f.count, 0);
const summary = {
  cases: done,
  seed,
  wallSeconds: Number(wallS.toFixed(1)),
  casesPerSecond: Math.round(done / wallS),
  meanMs: Number((totalMs / Math.max(1, done)).toFixed(2)),
  meanCharacters: Math.round(chars / Math.max(1, done)),
  slowestMs: Number((slowest[0]?.ms ?? 0).toFixed(1)),
  failures: failed,
  failureClasses: [...failures].map(([kind, f]) => ({ kind, count: f.count, example: f.example })),
  families: Object.fromEntries([...families].sort().map(([k, f]) => [k, { cases: f.count, meanMs: Number((f.ms / f.count).toFixed(2)), slowestMs: Number(f.slowest.toFixed(1)) }])),
};
if (asJson) console.log(JSON.stringify(summary, null, 2));
else {
  console.log(`secpol fuzz: ${done} cases, seed ${seed}, ${summary.wallSeconds} s, ${summary.casesPerSecond} cases/s, mean ${summary.meanMs} ms (${summary.meanCharacters} characters), slowest ${summary.slowestMs} ms`);
  console.log('\nfamily        cases   mean ms  slowest ms');
  for (const [k, f] of Object.entries(summary.families)) console.log(`${k.padEnd(12)} ${String(f.cases).padStart(6)}  ${f.meanMs.toFixed(2).padStart(8)}  ${f.slowestMs.toFixed(1).padStart(10)}`);
  console.log('\nslowest cases:');
  for (const s of slowest) console.log(`  ${s.ms.toFixed(1).padStart(8)} ms  ${s.what}`);
  console.log(failed ? `\n${failed} failing cases in ${failures.size} classes:` : '\nno failures: no throw, no internal error, nothing unescaped, no case over the budget');
  for (const [kind, f] of failures) console.log(`  ${f.count} × ${kind}\n      e.g. ${f.example.slice(0, 400)}`);
}
process.exit(failed ? 1 : 0);
