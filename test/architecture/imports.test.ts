// The folders are the pipeline and imports flow one way (docs/architecture.md):
// grammar/ → src/compiler/ → src/emitters/ → src/cli/. Only the CLI touches the file system,
// the process and the environment; emitters import only the IR and their own helpers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every import of a file: module specifiers, with relative ones resolved to repo paths. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => {
    const spec = m[1]!;
    return spec.startsWith('.') ? relative(repoRoot, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
  });
}

const all = [...files(join(repoRoot, 'grammar')), ...files(join(repoRoot, 'src'))].map((f) => ({ file: relative(repoRoot, f), deps: imports(f) }));
const under = (prefix: string) => all.filter((x) => x.file.startsWith(prefix));
const HOST_MODULES = /^(node:)?(fs|fs\/promises|child_process|process|os|net|http|https)$/;

describe('import direction', () => {
  it('grammar imports only chevrotain and itself', () => {
    for (const x of under('grammar/')) for (const d of x.deps) expect(d === 'chevrotain' || d.startsWith('grammar/'), `${x.file} imports ${d}`).toBe(true);
  });

  it('the compiler never imports emitters or the CLI, nor touches the host', () => {
    for (const x of under('src/compiler/'))
      for (const d of x.deps) {
        expect(d.startsWith('src/emitters/') || d.startsWith('src/cli/'), `${x.file} imports ${d}`).toBe(false);
        expect(HOST_MODULES.test(d), `${x.file} imports ${d}`).toBe(false);
      }
  });

  // Inside the compiler the numbered folders are the stages, run in their order by compile.ts. A
  // stage may use what an earlier stage made, never a later one; what two stages share (the facts
  // in data/, the diagnostics, the AST and IR types, the syscall precedence and filter modules)
  // lives outside the numbered folders, and those shared modules import no stage.
  const PHASE = /^src\/compiler\/([0-9]+)-[^/]+\//;
  const phaseOf = (file: string): number | undefined => {
    const m = PHASE.exec(file);
    return m ? Number(m[1]) : undefined;
  };
  const SHARED_TOP_LEVEL = /^src\/compiler\/[^/]+\.ts$/;
  const DRIVER = 'src/compiler/compile.ts';

  it('phases import only earlier phases (or their own), the data, the diagnostics, the shared modules and the grammar', () => {
    const phased = under('src/compiler/').filter((x) => phaseOf(x.file) !== undefined);
    expect(new Set(phased.map((x) => phaseOf(x.file))).size, 'the numbered phases were not found').toBeGreaterThanOrEqual(5);
    for (const x of phased) {
      const n = phaseOf(x.file)!;
      for (const d of x.deps) {
        if (!d.startsWith('src/') && !d.startsWith('grammar/')) continue; // libraries: the other tests judge them
        const m = phaseOf(d);
        const ok =
          d.startsWith('grammar/') ||
          (m !== undefined && m <= n) ||
          d.startsWith('src/compiler/data/') ||
          d.startsWith('src/compiler/diagnostics/') ||
          (SHARED_TOP_LEVEL.test(d) && d !== DRIVER);
        expect(ok, `${x.file} (phase ${n}) imports ${d}`).toBe(true);
      }
    }
  });

  it('outside the numbered phases, only the driver (compile.ts) imports a phase', () => {
    const shared = under('src/compiler/').filter((x) => phaseOf(x.file) === undefined && x.file !== DRIVER);
    expect(shared.map((x) => x.file)).toEqual(expect.arrayContaining(['src/compiler/syscall-rules.ts', 'src/compiler/syscall-filter.ts', 'src/compiler/data/defaults.ts']));
    for (const x of shared) for (const d of x.deps) expect(phaseOf(d), `${x.file} imports the phase module ${d}`).toBeUndefined();
  });

  it('emitters import only the IR, the artifact type, each other and their libraries', () => {
    const allowed = (d: string) => d === 'src/compiler/ir.ts' || d.startsWith('src/emitters/') || ['handlebars', 'handlebars/runtime', 'js-yaml', 'shell-quote'].includes(d);
    for (const x of under('src/emitters/')) for (const d of x.deps) expect(allowed(d) || d.startsWith('kubernetes-models/'), `${x.file} imports ${d}`).toBe(true);
  });

  // Kubernetes' API types check the Kubernetes emitter's objects at compile time; the package is a
  // development dependency, so nothing of it may be imported as a value (it would not be shipped).
  it('emitters take only types from kubernetes-models', () => {
    for (const file of files(join(repoRoot, 'src', 'emitters'))) {
      const values = [...readFileSync(file, 'utf8').matchAll(/^\s*import\s+(?!type\b)[^'"]*from\s+['"](kubernetes-models[^'"]*)['"]/gm)].map((m) => m[1]);
      expect(values, relative(repoRoot, file)).toEqual([]);
    }
    expect(under('src/emitters/').some((x) => x.deps.some((d) => d.startsWith('kubernetes-models/'))), 'the Kubernetes emitter is typed with kubernetes-models').toBe(true);
  });

  it('review is pure: it reads only the IR, its words and the data tables, never the host, the emitters or the CLI', () => {
    const allowed = (d: string) => d === 'src/compiler/ir.ts' || d === 'src/compiler/ir-text.ts' || d === 'src/compiler/ir-query.ts' || d.startsWith('src/compiler/data/') || d.startsWith('src/review/');
    for (const x of under('src/review/')) for (const d of x.deps) expect(allowed(d) && !HOST_MODULES.test(d), `${x.file} imports ${d}`).toBe(true);
  });

  it('lint and explain are pure: they read the compiler (its IR, data, checks and spans), never the host, the emitters or the CLI', () => {
    const allowed = (d: string) => d.startsWith('src/compiler/') || d.startsWith('src/lint/') || d.startsWith('src/explain/');
    for (const x of [...under('src/lint/'), ...under('src/explain/')]) for (const d of x.deps) expect(allowed(d) && !HOST_MODULES.test(d), `${x.file} imports ${d}`).toBe(true);
  });

  // STYLE.md 14: what lint, explain and diff need (spans, provenance, what permits a call) travels in
  // the IR and is read through ir-query.ts; the syntax tree and the phases that make it stay behind.
  it('lint, explain and review read the IR, never the syntax tree nor a phase of the compiler', () => {
    const readers = [...under('src/lint/'), ...under('src/explain/'), ...under('src/review/')];
    expect(readers.length).toBeGreaterThan(50);
    for (const x of readers) {
      for (const d of x.deps) expect(d === 'src/compiler/ast.ts' || phaseOf(d) !== undefined, `${x.file} imports ${d}`).toBe(false);
      const text = readFileSync(join(repoRoot, x.file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      expect(/\b(result|ctx)\.workload\b|\bworkload!/.test(text), `${x.file} reads the merged workload`).toBe(false);
    }
    expect(under('src/lint/').some((x) => x.deps.includes('src/compiler/ir-query.ts')) && under('src/explain/').some((x) => x.deps.includes('src/compiler/ir-query.ts'))).toBe(true);
  });

  it('the formatter is pure: it reads the grammar and the parse phase (with its diagnostics and sources), nothing else', () => {
    const allowed = (d: string) => d.startsWith('grammar/') || d === 'src/compiler/1-parse/parse-file.ts' || d.startsWith('src/compiler/diagnostics/') || d === 'src/compiler/source.ts';
    expect(under('src/format/').length).toBeGreaterThan(0);
    for (const x of under('src/format/')) for (const d of x.deps) expect(allowed(d), `${x.file} imports ${d}`).toBe(true);
  });

  it('nothing but the CLI reads process or environment', () => {
    for (const x of [...under('grammar/'), ...under('src/compiler/'), ...under('src/emitters/'), ...under('src/review/'), ...under('src/lint/'), ...under('src/explain/'), ...under('src/format/')]) {
      const text = readFileSync(join(repoRoot, x.file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      expect(/\bprocess\.(env|argv|cwd|exit|stdout|stderr)\b/.test(text), x.file).toBe(false);
    }
  });

  it('nothing shipped sorts or compares by locale (machine-dependent order, and ICU costs ~10 ms at start)', () => {
    for (const x of all) {
      const text = readFileSync(join(repoRoot, x.file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      expect(/\bIntl\.|\.localeCompare\(|\.toLocale[A-Z]\w*\(/.test(text), x.file).toBe(false);
    }
  });

  it('no module imports itself through others (no import cycle anywhere in grammar/ or src/)', () => {
    const graph = new Map(all.map((x) => [x.file, x.deps.filter((d) => d.startsWith('src/') || d.startsWith('grammar/'))]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const d of graph.get(file) ?? []) visit(d, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of [...graph.keys()].sort()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
