#!/usr/bin/env node
// `npm run bench`: measures secpol's cold start and batch builds as whole processes, the way a
// pre-commit hook or CI runs it, and prints a table. Figures only: nothing here passes or fails on
// time (these machines are shared and noisy); compare the ratios within one run.
//
//   node scripts/bench.mjs            the full bench (a few minutes)
//   node scripts/bench.mjs --quick    one short run of every case: checks the bench still works
//   node scripts/bench.mjs --json     the table as JSON on stdout as well
//
// Cases:
//   node -e 0            the floor no Node program can beat
//   secpol --version     start-up alone: load the bundle, parse the command line
//   secpol build (cold)  examples/web.secpol, all five artifacts, written to a fresh folder
//   secpol check (cold)  the same policy, checked only
//   batch N              one `secpol build` over N generated policies (variants of the four
//                        examples; a quarter extend a base file, a quarter a preset)
// Each case runs a few times after a warm-up (to fill the OS file cache), the cold ones round-robin;
// the table gives median, min and max wall time, the ratio to `node -e 0`, policies per second and the peak resident memory
// (measured in one extra run with a preload that reports `maxRSS` at exit).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const asJson = args.has('--json');
for (const a of args)
  if (!['--quick', '--json'].includes(a)) {
    console.error(`bench: unknown option ${a}\nusage: node scripts/bench.mjs [--quick] [--json]`);
    process.exit(2);
  }

const bin = path.join(root, 'bin', 'secpol.js');
const bundle = path.join(root, 'dist', 'secpol.cjs');
const rssPreload = path.join(root, 'scripts', 'lib', 'report-max-rss.mjs');

/** Newest modification time under a folder (ms). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

// A clean clone has no dependencies yet: install them from the committed lock, as `npm test` does.
if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  console.error('bench: installing the dependencies (npm install)');
  const i = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (i.status !== 0) process.exit(i.status ?? 1);
}

// Build the bundle if it or its code cache is missing, or older than anything it is made from.
let stale = true;
try {
  const inputs = ['src', 'grammar', 'bin', path.join('scripts', 'lib')].map((d) => newest(path.join(root, d)));
  inputs.push(statSync(path.join(root, 'scripts', 'bundle.mjs')).mtimeMs, statSync(path.join(root, 'package-lock.json')).mtimeMs);
  stale = Math.min(statSync(bundle).mtimeMs, statSync(path.join(root, 'dist', 'secpol.cache')).mtimeMs) < Math.max(...inputs);
} catch {
  // No bundle or cache yet.
}
if (stale) {
  console.error('bench: building dist/secpol.cjs (npm run build)');
  const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'secpol-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

/**
 * Writes N policies into a folder: the examples in turn, each workload renamed (`web-17`) and its
 * memory limit varied, so no two are the same; the api variants extend the copied shared base,
 * the worker variants the preset. Returns the file paths, in order.
 */
function corpus(n) {
  const dir = path.join(work, `corpus-${n}`);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(root, 'examples', 'shared'), path.join(dir, 'shared'), { recursive: true });
  const examples = ['web', 'api', 'worker', 'postgres'].map((name) => readFileSync(path.join(root, 'examples', `${name}.secpol`), 'utf8'));
  const files = [];
  for (let i = 0; i < n; i++) {
    const text = examples[i % examples.length]
      .replace(/^workload ([a-z0-9-]+) \{/m, (_, name) => `workload ${name}-${i} {`)
      .replace(/^(\s*memory\s+)\d+MiB/m, (_, head) => `${head}${256 + (i % 8) * 32}MiB`);
    const file = path.join(dir, `p${String(i).padStart(5, '0')}.secpol`);
    writeFileSync(file, text);
    files.push(file);
  }
  return files;
}

/** Runs one command once; returns wall ms. Fails the bench if the command fails. */
function once(cmd, argv, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(`bench: ${cmd} ${argv.slice(0, 6).join(' ')}… exited ${r.status}\n${String(r.stderr).slice(0, 2000)}`);
    process.exit(1);
  }
  return ms;
}

/** The sizes of the six artifacts of the web example (bytes), for the file-writing floor. */
function artifactSizes() {
  const dir = path.join(work, 'sizes');
  rmSync(dir, { recursive: true, force: true });
  once(process.execPath, [bin, 'build', web, '-o', dir]);
  const folder = path.join(dir, readdirSync(dir)[0]);
  return readdirSync(folder).sort().map((f) => statSync(path.join(folder, f)).size);
}

/** Peak resident memory (MiB) of one run, from the preload's report. */
function peakRss(argv) {
  const file = path.join(work, 'max-rss');
  once(process.execPath, ['--import', rssPreload, ...argv], { SECPOL_BENCH_MAX_RSS: file });
  return Number(readFileSync(file, 'utf8')) / 1024;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Times a case: `warmup` unmeasured runs, then `runs` measured ones. */
function measure(name, argv, { runs, warmup, policies = 0, fresh = null, rss = true, floorOnly = false }) {
  const run = () => {
    if (fresh) rmSync(fresh, { recursive: true, force: true });
    return once(process.execPath, argv);
  };
  for (let i = 0; i < warmup; i++) run();
  const times = [];
  for (let i = 0; i < runs; i++) times.push(run());
  if (fresh) rmSync(fresh, { recursive: true, force: true });
  const row = { case: name, runs, median: median(times), min: Math.min(...times), max: Math.max(...times), policies, floorOnly, peakRssMiB: rss ? peakRss(argv) : null };
  console.error(`bench: ${name}: median ${row.median.toFixed(1)} ms`);
  return row;
}

const coldRuns = quick ? { runs: 1, warmup: 1 } : { runs: 21, warmup: 3 };
const out = path.join(work, 'out');
const web = path.join(root, 'examples', 'web.secpol');
const rows = [];
// The cold cases run round-robin, one run of each per round, so that a burst of load on a shared
// machine lands on all of them alike and their ratios stay fair.
const coldCases = [
  { name: 'node -e 0', argv: ['-e', '0'] },
  { name: 'secpol --version', argv: [bin, '--version'] },
  { name: 'secpol build (cold), 1 policy', argv: [bin, 'build', web, '-o', out], policies: 1, fresh: out },
  { name: 'secpol check (cold), 1 policy', argv: [bin, 'check', web], policies: 1 },
];
const coldTimes = coldCases.map(() => []);
for (let round = 0; round < coldRuns.warmup + coldRuns.runs; round++)
  coldCases.forEach((c, i) => {
    if (c.fresh) rmSync(c.fresh, { recursive: true, force: true });
    const ms = once(process.execPath, c.argv);
    if (round >= coldRuns.warmup) coldTimes[i].push(ms);
  });
coldCases.forEach((c, i) => {
  const times = coldTimes[i];
  rows.push({ case: c.name, runs: times.length, median: median(times), min: Math.min(...times), max: Math.max(...times), policies: c.policies ?? 0, floorOnly: false, peakRssMiB: peakRss(c.argv) });
  console.error(`bench: ${c.name}: median ${median(times).toFixed(1)} ms`);
});
const batches = quick ? [[100, 1, 0]] : [[100, 5, 1], [1000, 3, 1], [10000, 1, 0]];
for (const [n, runs, warmup] of batches) {
  const files = corpus(n);
  rows.push(measure(`secpol build, batch of ${n}`, [bin, 'build', ...files, '-o', out], { runs, warmup, policies: n, fresh: out }));
  rows.push(measure(`secpol build --stdout, batch of ${n}`, [bin, 'build', '--stdout', ...files], { runs, warmup, policies: n }));
  // The floor for the output alone: Node creating as many files of the same size, each written to a
  // temporary name and renamed into place as secpol does, and nothing else.
  const sizes = JSON.stringify(artifactSizes());
  const writeFloor = `const fs=require('fs'),p=require('path');const s=${sizes};for(let i=0;i<${n};i++){const d=p.join(process.argv[1],'w'+i);fs.mkdirSync(d,{recursive:true});for(let j=0;j<s.length;j++){const f=p.join(d,'a'+j);fs.writeFileSync(f+'.tmp','x'.repeat(s[j]));fs.renameSync(f+'.tmp',f);}}`;
  rows.push(measure(`node writes the same ${n * 6} files`, ['-e', writeFloor, out], { runs, warmup, policies: n, fresh: out, rss: false, floorOnly: true }));
}

// The table.
const floor = rows[0].median;
const cold = rows.find((r) => r.case.startsWith('secpol build (cold)')).median;
const fmt = (x, d = 1) => (x === null ? '' : x.toFixed(d));
const table = rows.map((r) => ({
  ...r,
  ratioToNode: r.median / floor,
  policiesPerSecond: r.policies > 1 && !r.floorOnly ? (r.policies / r.median) * 1000 : null,
  beyondColdMs: r.policies > 1 && !r.floorOnly ? r.median - cold : null,
}));
const header = ['case', 'runs', 'median ms', 'min ms', 'max ms', '× node -e 0', 'beyond cold ms', 'policies/s', 'peak RSS MiB'];
const lines = table.map((r) => [r.case, String(r.runs), fmt(r.median), fmt(r.min), fmt(r.max), fmt(r.ratioToNode, 2), fmt(r.beyondColdMs), fmt(r.policiesPerSecond, 0), fmt(r.peakRssMiB)]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const show = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`secpol bench${quick ? ' (quick: one run each, figures not meaningful)' : ''}: Node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()} ${os.arch()}`);
console.log(show(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const l of lines) console.log(show(l));
for (const kind of ['secpol build, batch', 'secpol build --stdout, batch']) {
  const batchRows = table.filter((r) => r.case.startsWith(kind));
  const per = batchRows.map((r) => `${r.policies}: ${((r.beyondColdMs / r.policies) * 1000).toFixed(0)} µs`);
  console.log(`${kind}: work per policy beyond the cold start (linear if these agree): ${per.join(', ')}`);
}
if (asJson) console.log(JSON.stringify({ node: process.version, cpus: os.cpus().length, quick, rows: table }, null, 2));
