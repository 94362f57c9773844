// The library as a user gets it: this repository packed with `npm pack` (after the build, which the
// global setup runs), the tarball installed into a new project, and `import … from 'secpol'` run by
// Node and type-checked by tsc through package.json's `exports`. The package is installed for real,
// with `--prefer-offline`: `npm ci` left the dependencies' tarballs in npm's cache, but not their
// registry metadata, which a fully `--offline` install of a tarball needs to resolve their ranges;
// --prefer-offline takes whatever the cache has and asks the registry only for the rest. The
// library's answers are compared with the compiler and emitters run in this process and with the
// real `secpol build --stdout`, byte for byte. The examples in docs/api.md are run as they stand.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { advise } from '../../src/lint/advise.js';
import { emitAll } from '../../src/emitters/index.js';
import type { Artifact } from '../../src/emitters/artifact.js';
import { VERSION } from '../../src/cli/version.js';
import { repoHost, repoRoot } from '../support/repo.js';

const EXAMPLES = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.secpol')).sort().map((f) => `examples/${f}`);

let work = '';
let app = '';

/** Runs `node FILE` in the project and returns its standard output; a failure (an import that does not resolve, a throw) fails the test with its stderr. */
function node(file: string): string {
  const r = spawnSync(process.execPath, [file], { cwd: app, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`node ${file} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** A policy's diagnostic codes and artifacts from the compiler and emitters in this process. */
function inProcess(file: string): { codes: string[]; artifacts: Artifact[] } {
  const r = advise(file, compile(file, readFileSync(join(repoRoot, file), 'utf8'), repoHost));
  expect(r.ir, `${file} compiles`).not.toBeNull();
  return { codes: r.diagnostics.map((d) => d.code), artifacts: emitAll(r.ir!) };
}

/** The ```js blocks of docs/api.md, in order. */
const docExamples = (): string[] => [...readFileSync(join(repoRoot, 'docs', 'api.md'), 'utf8').matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secpol-api-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' })) as { filename: string }[];
  const tarball = join(work, packed[0]!.filename);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'secpol-api-user', private: true, type: 'module' }, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app, stdio: 'pipe' });
  // The project's own policies: the examples and the base they extend.
  cpSync(join(repoRoot, 'examples'), join(app, 'examples'), { recursive: true });
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the library, installed from the packed package', () => {
  it('compiles and emits every example byte-identically to the compiler in process, reading bases through a host', () => {
    writeFileSync(
      join(app, 'build.mjs'),
      `import { readFileSync } from 'node:fs';
import { compile, emit, DEFAULT_TARGETS, TARGETS, VERSION, IR_VERSION } from 'secpol';

const host = { readFile: (name) => { try { return readFileSync(name, 'utf8'); } catch { return undefined; } } };
const out = { version: VERSION, irVersion: IR_VERSION, targets: TARGETS, defaults: DEFAULT_TARGETS, policies: {} };
for (const file of ${JSON.stringify(EXAMPLES)}) {
  const { ir, diagnostics } = compile(file, readFileSync(file, 'utf8'), host);
  out.policies[file] = { codes: diagnostics.map((d) => d.code), irVersion: ir?.irVersion, artifacts: ir ? emit(ir) : null, kubernetes: ir ? emit(ir, ['kubernetes']).map((a) => a.path) : null };
}
console.log(JSON.stringify(out));
`,
    );
    const got = JSON.parse(node('build.mjs'));
    expect(got.version).toBe(VERSION);
    // The licence travels with the package, as package.json's `files` says.
    expect(readFileSync(join(app, 'node_modules', 'secpol', 'LICENSE'), 'utf8')).toContain('Apache License');
    expect(got.irVersion).toBe(5);
    expect(got.targets).toEqual(['seccomp', 'apparmor', 'oci', 'compose', 'docker-run', 'kubernetes']);
    expect(got.defaults).toEqual(['seccomp', 'apparmor', 'oci', 'compose', 'docker-run']);
    expect(EXAMPLES).toContain('examples/api.secpol'); // the one that extends a base file
    for (const file of EXAMPLES) {
      const { codes, irVersion, artifacts, kubernetes } = got.policies[file];
      expect(irVersion, file).toBe(5);
      expect({ codes, artifacts }, file).toEqual(inProcess(file));
      expect(kubernetes, file).toContain('kubernetes/deployment.yaml');
    }
  });

  it('gives what `secpol build --stdout` prints, byte for byte', () => {
    writeFileSync(
      join(app, 'web.mjs'),
      `import { readFileSync } from 'node:fs';
import { compile, emit } from 'secpol';

const { ir } = compile('examples/web.secpol', readFileSync('examples/web.secpol', 'utf8'));
process.stdout.write(emit(ir).map((a) => \`==> \${ir.name}/\${a.path} <==\\n\${a.content}\\n\`).join(''));
`,
    );
    const cli = execFileSync(process.execPath, [join(repoRoot, 'bin', 'secpol.js'), 'build', 'examples/web.secpol', '--stdout'], { cwd: repoRoot });
    expect(Buffer.from(node('web.mjs'), 'utf8').equals(cli)).toBe(true);
  });

  it('returns the diagnostics of a policy with errors, with codes and places, and no IR', () => {
    writeFileSync(
      join(app, 'errors.mjs'),
      `import { readFileSync } from 'node:fs';
import { compile, emit, diagnosticToJson, renderDiagnostic, explainCode } from 'secpol';

const bad = compile('bad.secpol', 'workload bad {\\n  image "example/bad:1"\\n  capabilities { add SYS_ADMN }\\n}\\n');
// No host: a base file cannot be read.
const hostless = compile('examples/api.secpol', readFileSync('examples/api.secpol', 'utf8'));
let thrown = null;
try { emit(compile('examples/web.secpol', readFileSync('examples/web.secpol', 'utf8')).ir, ['nope']); } catch (e) { thrown = e.name; }
console.log(JSON.stringify({
  bad: { ir: bad.ir, json: bad.diagnostics.map(diagnosticToJson), text: bad.diagnostics.map((d) => renderDiagnostic(d, { color: false })) },
  hostless: { ir: hostless.ir, codes: hostless.diagnostics.map((d) => d.code) },
  explain: explainCode('E0301'), byName: explainCode('unknown-capability') === explainCode('E0301'), unknown: explainCode('E9999') ?? null,
  rule: explainCode('SPL102'), former: explainCode('W0103'),
  thrown,
}));
`,
    );
    const got = JSON.parse(node('errors.mjs'));
    expect(got.bad.ir).toBeNull();
    expect(got.bad.json).toHaveLength(1);
    expect(got.bad.json[0]).toMatchObject({
      code: 'E0301',
      name: 'unknown-capability',
      severity: 'error',
      location: { file: 'bad.secpol', line: 3, column: 22 },
      suggestion: 'SYS_ADMIN',
    });
    expect(got.bad.text[0]).toMatch(/^bad\.secpol:3:22: error\[E0301\]: unknown capability `SYS_ADMN`\n/);
    expect(got.hostless).toEqual({ ir: null, codes: ['E0702'] });
    expect(got.explain).toMatch(/capabilities\(7\)/);
    expect(got.byName).toBe(true);
    expect(got.unknown).toBeNull();
    // A warning's code is a rule's, and the library explains it as `secpol --explain` does.
    expect(got.rule).toMatch(/^SPL102 \(root-user, lint warning\)\n/);
    expect(got.former).toMatch(/^W0103 is now SPL102: /);
    expect(got.thrown).toBe('RangeError');
  });

  it('runs the examples of docs/api.md as they are written', () => {
    const blocks = docExamples();
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const outputs = blocks.map((code, i) => {
      writeFileSync(join(app, `doc-${i + 1}.mjs`), code);
      return node(`doc-${i + 1}.mjs`);
    });
    // The first compiles examples/api.secpol with nodeHost and prints each artifact as a JSON line.
    const lines = outputs[0]!.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual(inProcess('examples/api.secpol').artifacts);
    // The second compiles unsaved buffers and reports the misspelt capability.
    expect(outputs[1]).toMatch(/^null\n/);
    expect(outputs[1]).toContain("code: 'E0301'");
  });

  it('has declarations that resolve through `exports` under nodenext, inside the package, with no other types needed', () => {
    const types = join(app, 'node_modules', 'secpol', 'dist', 'types');
    // Every module index.d.ts reaches is in dist/types; none needs another package's types.
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      expect(existsSync(file), relative(types, file)).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text, relative(types, file)).not.toMatch(/\/\/\/\s*<reference/);
      for (const m of text.matchAll(/^(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        expect(spec.startsWith('.'), `${relative(types, file)} imports ${spec}`).toBe(true);
        const target = resolve(dirname(file), spec.replace(/\.js$/, '.d.ts'));
        expect(relative(types, target).startsWith('..'), `${relative(types, file)} imports ${spec}`).toBe(false);
        visit(target);
      }
    };
    visit(join(types, 'src', 'index.d.ts'));
    expect(seen.size).toBeGreaterThan(1);

    writeFileSync(
      join(app, 'consumer.ts'),
      `import { compile, emit, nodeHost, TARGETS, renderDiagnostic, diagnosticToJson, explainCode, VERSION, IR_VERSION } from 'secpol';
import type { Artifact, CompileOptions, CompileResult, CompilerHost, Diagnostic, PolicyIR, ReadRefusal, TargetName } from 'secpol';

const refusal: ReadRefusal = { problem: 'directory' };
const host: CompilerHost = { readFile: (name) => (name.endsWith('/') ? refusal : undefined) };
const options: CompileOptions = { root: '.' };
const result: CompileResult = compile('a.secpol', 'workload a {}', host, options);
const ir: PolicyIR | null = result.ir;
const shape: 5 | undefined = ir?.irVersion;
const diagnostics: readonly Diagnostic[] = compile('b.secpol', '', nodeHost('.')).diagnostics;
const shown: string[] = diagnostics.map((d) => \`\${d.code} \${renderDiagnostic(d, { color: false })} \${String(diagnosticToJson(d)['code'])}\`);
const targets: readonly TargetName[] = TARGETS;
const artifacts: Artifact[] = ir ? emit(ir, ['seccomp', 'oci']) : [];
const explained: string | undefined = explainCode('E0301');
const versions: [string, number] = [VERSION, IR_VERSION];
// @ts-expect-error: not a target name
const wrong: TargetName = 'selinux';
// @ts-expect-error: the IR cannot be null here
emit(result.ir);
export { shape, shown, targets, artifacts, explained, versions, wrong };
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [], skipLibCheck: false },
        files: ['consumer.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});

describe('the command, installed from git', () => {
  // `npm install git+file://…` clones the repository's committed HEAD (not the working tree), installs
  // its development dependencies, runs `prepare` (which builds the bundle, since a clone has none)
  // and packs the result: what a team gets from `npm install github:…`.
  it('npx secpol works in a project that installed secpol from git: the bundle was built on prepare', () => {
    const project = join(work, 'from-git');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'secpol-git-user', private: true }, null, 2));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `git+file://${repoRoot}`], { cwd: project, stdio: 'pipe' });
    expect(existsSync(join(project, 'node_modules', 'secpol', 'dist', 'secpol.cjs'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'secpol', 'LICENSE'))).toBe(true);
    cpSync(join(repoRoot, 'examples'), join(project, 'examples'), { recursive: true });
    const r = spawnSync('npx', ['--no-install', 'secpol', 'check', 'examples/worker.secpol'], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ status: 0, stdout: 'secpol: 1 policy OK\n' });
  }, 300_000);
});
