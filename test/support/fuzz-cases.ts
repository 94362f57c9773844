/**
 * The compiler's fuzz target, shared by the CI run (test/fuzz/fuzz.test.ts, a bounded number of
 * cases) and the long run (`npm run fuzz`, scripts/fuzz.ts, cases per second and failure classes).
 *
 * A case is a policy text, plus the bases it may extend. Generated from six families:
 *   bytes       random bytes decoded as UTF-8 (invalid sequences become U+FFFD), or any code points
 *               including lone surrogates, control characters and a leading byte-order mark;
 *   tokens      soups of the language's own words, punctuation, edge numbers and odd strings;
 *   mutate      grammar-aware mutations of a seed policy (the examples and golden fixtures): tokens
 *               deleted, repeated, swapped, replaced by edge numbers, huge names or nested brackets;
 *   byte-mutate byte-level mutations of a seed (bit flips, inserted bytes, cut and repeated slices,
 *               splices of two seeds);
 *   structured  a valid workload with one hostile statement: deep nesting, long lists, huge names
 *               and values in every position a value can take, edge numbers in limits and arguments;
 *   extends     a valid policy extending a generated or mutated base.
 *
 * A case passes when compiling it throws nothing, reports no internal error (E0901), renders every
 * diagnostic with nothing unsafe left unescaped and within a bounded size, emits every artifact
 * when it compiles, does so identically a second time, and takes under a second.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { compile, type CompileResult } from '../../src/compiler/compile.js';
import { hasErrors } from '../../src/compiler/diagnostics/diagnostic.js';
import { hasUnsafe } from '../../src/compiler/diagnostics/display.js';
import { renderText, toJson } from '../../src/compiler/diagnostics/render.js';
import { emitAll, TARGETS } from '../../src/emitters/index.js';
import { advise } from '../../src/lint/advise.js';
import { rulesForTargets } from '../../src/lint/rules.js';

/** One generated input. */
export interface FuzzCase {
  readonly family: string;
  readonly text: string;
  /** Bases readable by name (relative to the policy's folder, as `extends` names them). */
  readonly files: Readonly<Record<string, string>>;
}

/** What running one case gave: its time and, when it failed, the failure's class and detail. */
export interface FuzzOutcome {
  readonly ms: number;
  readonly failure: { readonly kind: string; readonly detail: string } | null;
}

/** A case slower than this fails (a hang, or work that grows faster than the input). */
export const CASE_BUDGET_MS = 1000;
/** Rendered diagnostics of one case, text form, at most this many bytes. */
export const OUTPUT_BUDGET = 128 * 1024;

/** A policy text the mutators start from. */
export interface Seed {
  readonly name: string;
  readonly text: string;
}

/** The examples and golden fixtures, read from the repository (test-time only). */
export function loadSeeds(repoRoot: string): Seed[] {
  const seeds: Seed[] = [];
  const add = (file: string): void => {
    seeds.push({ name: path.relative(repoRoot, file), text: readFileSync(file, 'utf8') });
  };
  for (const dir of ['examples', 'examples/shared'])
    for (const f of readdirSync(path.join(repoRoot, dir)).sort()) if (f.endsWith('.secpol')) add(path.join(repoRoot, dir, f));
  const cases = path.join(repoRoot, 'test/golden/cases');
  for (const c of readdirSync(cases).sort()) add(path.join(cases, c, 'policy.secpol'));
  return seeds;
}

const PUNCTUATION = ['{', '}', '[', ']', ',', ';', '->', '=', '==', '!=', '&', '|', '<', '<=', '>', '>=', '\n', '#', '"', '\\', '-', '/', '*', '**', ':', '@'];

/** Numbers at and past every boundary the language's numbers, sizes, ports and ids have. */
export const EDGE_NUMBERS = [
  '0', '-0', '-1', '1', '07', '0777', '0o777', '0x', '0x0', '0xffffffff', '0x100000000', '0xffffffffffffffff', '0x10000000000000000',
  '0b101', '1_000', '1.5', '.5', '5.', '1e3', '1e308', '1e-308', 'NaN', 'Infinity', '-Infinity',
  '255', '256', '65535', '65536', '2147483647', '2147483648', '4294967295', '4294967296',
  '9007199254740991', '9007199254740993', '18446744073709551615', '18446744073709551616', '99999999999999999999999999999999',
  '0B', '1KiB', '1MiB', '6MiB', '1GiB', '1TiB', '1PiB', '1EiB', '16EiB', '-1MiB', '1.5GiB', '0.0000001GiB', '18446744073709551615GiB', '1kb', '1K', '1m', '1g',
  '0:0', '1:1', '-1:-1', '4294967295:4294967295', '4294967296:0', '0.0.0.0:80', '127.0.0.1:0', '127.0.0.1:65536', '999.999.999.999:80', '[::1]:80', '::1',
  '80/tcp', '80/udp', '80/sctp', '0/tcp', '65536/tcp', '1-65535/tcp', '65535-1/tcp',
];

const ODD_STRINGS = [
  '""', '"\\"', '"\\n"', '"\\u0000"', '"\\x1b[2J"', '"a\\\\b"', '"\u001b]0;owned\u0007"', '"\u202eevil"', '"\ud800"', '"\udfff"', '"\ufeff"', '"\u2028"',
  '"$(id)"', '"`id`"', '"a\'b"', '"{{x}}"', '"${HOME}"', '"#"', '"/"', '"//"', '"/../.."', '"/proc/self/mem"', '"**"',
];

/** Words the language knows (from the seeds), plus the syscall and capability names seeds use. */
function vocabulary(seeds: readonly Seed[]): string[] {
  const words = new Set<string>();
  for (const s of seeds) for (const m of s.text.replace(/#[^\n]*/g, '').matchAll(/[A-Za-z_@][A-Za-z0-9_@.\-:]*/g)) words.add(m[0]);
  return [...words].sort();
}

/** A seed split into tokens and the whitespace between them, so mutations keep the rest intact. */
function lexemes(text: string): string[] {
  return text.match(/"(?:[^"\\\n]|\\.)*"|#[^\n]*|[ \t]+|\n|->|==|!=|<=|>=|[{}[\],;=&|<>]|[^\s{}[\],;=&|<>"#]+/g) ?? [];
}

const workloadAround = (body: string): string => `workload fuzz {\n  image "busybox:1"\n  user 1000:1000\n${body}\n}\n`;

/** `n` copies of `s` joined by `sep`. */
const repeat = (s: string, n: number, sep = ''): string => Array.from({ length: n }, () => s).join(sep);

/** A size from `min` to `max`, log-uniform: as many cases of tens as of hundreds of thousands. */
const sized = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map((l) => Math.min(max, Math.max(min, Math.round(Math.exp(l)))));

/** The case generator over the given seeds. */
export function fuzzCases(seeds: readonly Seed[]): fc.Arbitrary<FuzzCase> {
  const vocab = vocabulary(seeds);
  const seedTexts = seeds.map((s) => s.text);
  // The examples' shared base, where `extends "./shared/base.secpol"` finds it.
  const shared = Object.fromEntries(seeds.filter((s) => s.name.startsWith('examples/shared/')).map((s) => [s.name.slice('examples/'.length), s.text]));
  const word = fc.constantFrom(...vocab);
  const edge = fc.constantFrom(...EDGE_NUMBERS);
  const odd = fc.constantFrom(...ODD_STRINGS);
  const seed = fc.constantFrom(...seedTexts);
  const token = fc.oneof({ weight: 6, arbitrary: word }, { weight: 3, arbitrary: fc.constantFrom(...PUNCTUATION) }, { weight: 2, arbitrary: edge }, { weight: 1, arbitrary: odd });
  const hugeName = fc.tuple(fc.constantFrom('a', 'x_', 'CAP_', '@', 'é', 'read', '9'), sized(64, 200_000)).map(([c, n]) => c.repeat(Math.ceil(n / c.length)));
  const nesting = fc.tuple(fc.constantFrom('[', '{', '[[', '{[', '(', '[{'), sized(20, 20_000)).map(([c, n]) => c.repeat(n));
  const longList = fc.tuple(fc.oneof(word, edge, fc.constantFrom('AF_INET', '1', 'read', '"x"', '/a')), sized(100, 300_000)).map(([w, n]) => repeat(w, n, ', '));

  const bytes: fc.Arbitrary<FuzzCase> = fc.oneof(
    fc.uint8Array({ maxLength: 4096 }).map((b) => new TextDecoder('utf-8').decode(b)),
    fc.string({ unit: 'binary', maxLength: 2048 }),
    fc.tuple(fc.constantFrom('\ufeff', '\ufeff\ufeff', '\u0000', '\ud800', ''), seed, fc.string({ unit: 'binary', maxLength: 64 })).map(([p, s, t]) => p + s + t),
  ).map((text) => ({ family: 'bytes', text, files: {} }));

  const tokens: fc.Arbitrary<FuzzCase> = fc
    .tuple(fc.array(token, { maxLength: 400 }), fc.constantFrom(' ', '\n', '', ' \n  '), fc.boolean())
    .map(([ts, sep, wrap]) => ({ family: 'tokens', text: wrap ? workloadAround(ts.join(sep)) : ts.join(sep), files: {} }));

  type Op = (ls: string[], at: number) => string[];
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.constant<Op>((ls, at) => [...ls.slice(0, at), ...ls.slice(at + 1)]),
    fc.constant<Op>((ls, at) => [...ls.slice(0, at + 1), ...ls.slice(at)]),
    fc.constant<Op>((ls, at) => [...ls.slice(0, at), ...ls.slice(at + 1, at + 2), ls[at] ?? '', ...ls.slice(at + 2)]),
    fc.constant<Op>((ls, at) => ls.slice(0, at)),
    token.map<Op>((t) => (ls, at) => [...ls.slice(0, at), ' ', t, ' ', ...ls.slice(at)]),
    token.map<Op>((t) => (ls, at) => [...ls.slice(0, at), t, ...ls.slice(at + 1)]),
    edge.map<Op>((n) => (ls, at) => ls.map((l, i) => (i >= at && /^[0-9]/.test(l) && i < at + 40 ? n : l))),
    hugeName.map<Op>((h) => (ls, at) => [...ls.slice(0, at), h, ...ls.slice(at + 1)]),
    nesting.map<Op>((h) => (ls, at) => [...ls.slice(0, at), h, ...ls.slice(at)]),
    longList.map<Op>((h) => (ls, at) => [...ls.slice(0, at), h, ...ls.slice(at)]),
    fc.constantFrom('\u0000', '\u001b[2J', '\u007f', '\u0085', '\u202e', '\u2028', '\ufeff', '\ud800', '\r', '\t', '\\').map<Op>((c) => (ls, at) => [...ls.slice(0, at), c, ...ls.slice(at)]),
  );
  const mutate: fc.Arbitrary<FuzzCase> = fc
    .tuple(seed, fc.array(fc.tuple(op, fc.nat()), { minLength: 1, maxLength: 8 }))
    .map(([s, ops]) => {
      let ls = lexemes(s);
      for (const [f, n] of ops) ls = f(ls, ls.length ? n % ls.length : 0);
      return { family: 'mutate', text: ls.join(''), files: shared };
    });

  type ByteOp = (b: Uint8Array) => Uint8Array;
  const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
    fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })).map<ByteOp>(([i, bit]) => (b) => { const c = b.slice(); if (c.length) c[i % c.length]! ^= 1 << bit; return c; }),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map<ByteOp>(([i, ins]) => (b) => { const at = b.length ? i % b.length : 0; return Uint8Array.from([...b.slice(0, at), ...ins, ...b.slice(at)]); }),
    fc.tuple(fc.nat(), fc.nat({ max: 200 })).map<ByteOp>(([i, n]) => (b) => { const at = b.length ? i % b.length : 0; return Uint8Array.from([...b.slice(0, at), ...b.slice(at + n)]); }),
    fc.tuple(fc.nat(), fc.nat({ max: 200 }), fc.integer({ min: 2, max: 50 })).map<ByteOp>(([i, n, k]) => (b) => { const at = b.length ? i % b.length : 0; const part = b.slice(at, at + n); return Uint8Array.from([...b.slice(0, at), ...Array.from({ length: k }, () => [...part]).flat(), ...b.slice(at)]); }),
    fc.tuple(fc.nat(), seed, fc.nat()).map<ByteOp>(([i, other, j]) => (b) => { const o = new TextEncoder().encode(other); const at = b.length ? i % b.length : 0; return Uint8Array.from([...b.slice(0, at), ...o.slice(o.length ? j % o.length : 0)]); }),
  );
  const byteMutate: fc.Arbitrary<FuzzCase> = fc
    .tuple(seed, fc.array(byteOp, { minLength: 1, maxLength: 6 }))
    .map(([s, ops]) => {
      let b: Uint8Array = new TextEncoder().encode(s);
      for (const f of ops) b = f(b);
      return { family: 'byte-mutate', text: new TextDecoder('utf-8').decode(b), files: shared };
    });

  const bigValue = fc.tuple(fc.constantFrom('a', '/', '\\"', 'é', '\u001b', '%', '*'), sized(1000, 1_000_000)).map(([c, n]) => c.repeat(n));
  const hostile = fc.oneof(
    nesting.map((n) => `  syscalls {\n    allow socket if arg0 in ${n}\n  }`),
    nesting.map((n) => `  x{s{n${n}`),
    longList.map((l) => `  syscalls {\n    allow socket if arg0 in [${l}]\n  }`),
    longList.map((l) => `  syscalls {\n    allow ${l}\n  }`),
    longList.map((l) => `  capabilities {\n    add ${l}\n  }`),
    longList.map((l) => `  filesystem {\n    read ${l}\n  }`),
    hugeName.map((h) => `  syscalls {\n    allow ${h}\n  }`),
    hugeName.map((h) => `  capabilities {\n    add ${h}\n  }`),
    hugeName.map((h) => `  syscalls {\n    default errno ${h}\n  }`),
    hugeName.map((h) => `  syscalls {\n    allow socket if arg0 == ${h}\n  }`),
    hugeName.map((h) => `  ${h} ${h}`),
    bigValue.map((v) => `  command "${v}"`),
    bigValue.map((v) => `  env A = "${v}"`),
    bigValue.map((v) => `  hostname ${v}`),
    bigValue.map((v) => `  filesystem {\n    write /${v}\n  }`),
    bigValue.map((v) => `  filesystem {\n    tmpfs /${v} size 1MiB\n  }`),
    bigValue.map((v) => `  label "${v}"`),
    fc.tuple(edge, edge).map(([a, b]) => `  limits {\n    memory ${a}\n    pids ${b}\n    cpus ${a}\n    nofile ${a}:${b}\n  }`),
    fc.tuple(edge, edge).map(([a, b]) => `  syscalls {\n    allow socket if arg0 == ${a}, arg1 & ${b} == ${a}\n    allow ioctl if arg1 in [${a}, ${b}]\n    allow clone if arg0 & ${a} != ${b}\n    default errno ${a}\n  }`),
    fc.tuple(edge, edge).map(([a, b]) => `  user ${a}:${b}\n  network {\n    publish ${a} -> ${b}\n  }`),
    fc.tuple(edge, edge).map(([a, b]) => `  user private\n  uidmap 0 ${a} ${b}\n  gidmap ${b} ${a} 1`),
    fc.array(token, { maxLength: 60 }).map((ts) => `  ${ts.join(' ')}`),
  );
  const structured: fc.Arbitrary<FuzzCase> = hostile.map((body) => ({ family: 'structured', text: workloadAround(body), files: {} }));

  const base = fc.oneof(
    fc.uint8Array({ maxLength: 1024 }).map((b) => new TextDecoder('utf-8').decode(b)),
    mutate.map((c) => c.text),
    fc.constant('AWS_SECRET_ACCESS_KEY=very-secret\n'),
    fc.constant(''),
    seed,
  );
  const extendsCase: fc.Arbitrary<FuzzCase> = fc
    .tuple(base, fc.constantFrom('./base.secpol', 'base.secpol', './shared/../base.secpol', '../base.secpol', '/etc/passwd', './missing.secpol', './base.secpol", "./base.secpol'))
    .map(([b, name]) => ({ family: 'extends', text: `extends "${name}"\n${workloadAround('')}`, files: { 'base.secpol': b, 'shared/base.secpol': b } }));

  return fc.oneof(
    { weight: 2, arbitrary: bytes },
    { weight: 2, arbitrary: tokens },
    { weight: 4, arbitrary: mutate },
    { weight: 2, arbitrary: byteMutate },
    { weight: 3, arbitrary: structured },
    { weight: 1, arbitrary: extendsCase },
  );
}

/** Every target's artifacts, the Kubernetes manifests too. */
const artifactsOf = (r: CompileResult): string => JSON.stringify(emitAll(r.ir!, TARGETS));
/** Every rule, the Kubernetes target's too: what `secpol check -t all` runs. */
const ALL_RULES = rulesForTargets(TARGETS);

/**
 * Runs one case; never throws. A case over the budget is run twice more and judged by its fastest
 * run: a hang is slow every time, a busy machine only now and then.
 */
export function runCase(c: FuzzCase): FuzzOutcome {
  const first = runOnce(c);
  if (first.failure?.kind !== 'slow') return first;
  const again = [first, runOnce(c), runOnce(c)].sort((a, b) => a.ms - b.ms)[0]!;
  return again;
}

function runOnce(c: FuzzCase): FuzzOutcome {
  const started = performance.now();
  const host = { readFile: (f: string): string | undefined => c.files[f] };
  const failure = ((): FuzzOutcome['failure'] => {
    try {
      // What `secpol check -t all` does: compile, then every advisory rule on what compiled.
      const r = advise('fuzz.secpol', compile('fuzz.secpol', c.text, host), ALL_RULES);
      const internal = r.diagnostics.find((d) => d.code === 'E0901');
      if (internal) return { kind: 'internal error', detail: internal.message };
      let out = 0;
      for (const d of r.diagnostics) {
        const text = renderText(d, { color: false });
        const json = JSON.stringify(toJson(d));
        out += text.length;
        if (hasUnsafe(text.replace(/\n/g, ''))) return { kind: 'unsafe echo (text)', detail: d.code };
        if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(JSON.parse(json).message ?? '')) return { kind: 'unsafe echo (json)', detail: d.code };
      }
      if (out > OUTPUT_BUDGET) return { kind: 'output too large', detail: `${out} characters of diagnostics` };
      if (hasErrors(r.diagnostics) !== (r.ir === null)) return { kind: 'ir and errors disagree', detail: r.diagnostics.map((d) => d.code).join(' ') };
      if (r.ir) {
        const first = artifactsOf(r);
        if (artifactsOf(compile('fuzz.secpol', c.text, host)) !== first) return { kind: 'not deterministic', detail: 'a second build differs' };
      }
      return null;
    } catch (e) {
      return { kind: 'throws', detail: e instanceof Error ? e.message : String(e) };
    }
  })();
  const ms = performance.now() - started;
  return { ms, failure: failure ?? (ms > CASE_BUDGET_MS ? { kind: 'slow', detail: `${ms.toFixed(0)} ms` } : null) };
}

/** A short, printable description of a case for a failure report. */
export function describeCase(c: FuzzCase): string {
  const shown = JSON.stringify(c.text.length > 300 ? `${c.text.slice(0, 300)}` : c.text);
  return `${c.family}, ${c.text.length} characters: ${shown}${c.text.length > 300 ? ` … (${c.text.length - 300} more)` : ''}`;
}
