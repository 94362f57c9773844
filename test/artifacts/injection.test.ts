/**
 * Property: a path, name or value from a policy is data in every artifact, never syntax. Strings
 * full of quotes, newlines, commas, braces, `$`, backticks, globs and control characters are put in
 * every place a policy takes free text. Each policy is either rejected with a diagnostic (never an
 * internal error) or compiles, and then: the AppArmor profile still compiles with the same number of
 * rules as a benign twin; the Compose YAML has the same keys as the twin and holds the value as is;
 * docker-run.txt read back by a real shell gives exactly docker-run.json; config.json is schema-valid.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { compileText } from '../support/harness.js';
import { emitAll, TARGETS } from '../../src/emitters/index.js';
import { ENGINE_BIN, requireEngine } from '../support/engines.js';
import { validateKubernetesObject, validateOciConfig } from '../support/validators.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const apparmor = requireEngine('apparmor_parser');
const work = mkdtempSync(join(tmpdir(), 'secpol-inject-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Escapes text into a secpol string literal (the language's own escapes; raw control characters stay raw). */
const lit = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;

/** The places a policy takes free text, each as a function from the value to a workload body. */
const SLOTS: Readonly<Record<string, (v: string) => string>> = {
  'read path': (v) => `  filesystem { read ${lit('/data/' + v)} }`,
  'deny path': (v) => `  filesystem { deny ${lit('/data/' + v)} }`,
  'write path': (v) => `  filesystem { write ${lit('/data/' + v)} }`,
  'tmpfs target': (v) => `  filesystem { tmpfs ${lit('/t' + v)} }`,
  'volume name': (v) => `  filesystem { volume ${lit(v)} -> /v }`,
  'bind source': (v) => `  filesystem { bind ${lit('/h' + v)} -> /b }`,
  'env value': (v) => `  env E = ${lit(v)}`,
  'command argument': (v) => `  command "sh" ${lit(v)}`,
  'entrypoint': (v) => `  entrypoint ${lit(v)}`,
  hostname: (v) => `  hostname ${lit(v)}`,
  'sysctl value': (v) => `  sysctl net.core.somaxconn = ${lit(v)}`,
  'apparmor profile': (v) => `  apparmor-profile ${lit(v)}`,
  workdir: (v) => `  workdir ${lit('/w' + v)}`,
};

const hostile = fc.string({ unit: fc.constantFrom('"', "'", '\n', '\r', '\t', '\u0000', ',', '{', '}', '[', ']', '(', ')', '$', '`', '*', '?', '#', ' ', ':', ';', '\\', '!', '^', '&', '|', '<', '>', '=', '-', '/', '@', 'a', 'Z', '0', '.'), minLength: 1, maxLength: 24 });

const policy = (body: string) => `workload app {\n  image "busybox:1"\n${body}\n}\n`;

/** Every key path and array length of a parsed document: its shape, without the values. */
function shape(x: unknown, at = ''): string[] {
  if (Array.isArray(x)) return [`${at}[${x.length}]`, ...x.flatMap((y, i) => shape(y, `${at}[${i}]`))];
  if (x !== null && typeof x === 'object') return Object.keys(x).sort().flatMap((k) => [`${at}.${k}`, ...shape((x as Record<string, unknown>)[k], `${at}.${k}`)]);
  return [];
}

function build(body: string) {
  const r = compileText(policy(body));
  return { r, files: r.ir ? new Map(emitAll(r.ir, TARGETS).map((a) => [a.path, a.content])) : null };
}

function ruleCount(profile: string, name: string): number {
  const f = join(work, `${name}.apparmor`);
  writeFileSync(f, profile);
  const p = spawnSync(ENGINE_BIN.apparmorParser, ['-Q', '-K', '-D', 'rule-exprs', '-o', '/dev/null', f], { encoding: 'utf8' });
  expect(p.status, p.stderr).toBe(0);
  return `${p.stdout}\n${p.stderr}`.split('\n').filter((l) => l.startsWith('rule: ')).length;
}

/** Reads docker-run.txt back through a real POSIX shell, with `docker` printing its arguments. */
function shellArgv(line: string): string[] {
  const p = spawnSync('sh', ['-c', `docker() { printf '%s\\0' docker "$@"; }\n${line}`], { encoding: 'utf8' });
  expect(p.status, p.stderr).toBe(0);
  return p.stdout.split('\0').slice(0, -1);
}

describe.each(Object.entries(SLOTS))('hostile text as %s', (slot, make) => {
  const benign = build(make('x'));
  it('has a benign twin that compiles', () => {
    expect(benign.r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('is rejected with a diagnostic or comes out as data in every artifact', async () => {
    const kubeDocs: { p: string; doc: unknown }[] = [];
    let compiled = 0;
    fc.assert(
      fc.property(hostile, (v) => {
        const { r, files } = build(make(v));
        expect(r.diagnostics.filter((d) => d.code === 'E0901')).toEqual([]);
        if (!files) {
          expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
          return;
        }
        compiled++;
        const name = r.ir!.name;
        const prof = r.ir!.apparmor.profileName;
        // Compose: same keys and list lengths as the benign twin.
        const doc = yaml.load(files.get('compose.yaml')!) as Json;
        expect(shape(doc)).toEqual(shape(yaml.load(benign.files!.get('compose.yaml')!)));
        // docker run: the shell reads back exactly the argv of docker-run.json.
        expect(shellArgv(files.get('docker-run.txt')!.trim())).toEqual(JSON.parse(files.get('docker-run.json')!));
        // OCI: schema-valid, same shape as the twin.
        const oci = JSON.parse(files.get('config.json')!);
        expect(validateOciConfig(oci).errors).toEqual([]);
        expect(shape(oci)).toEqual(shape(JSON.parse(benign.files!.get('config.json')!)));
        // The value itself arrives unchanged where it lands.
        // Compose interpolates `$`; `$$` is its escape for a literal dollar.
        if (slot === 'env value') expect(doc.services[name].environment.E).toBe(v.replaceAll('$', '$$$$'));
        if (slot === 'command argument') expect(oci.process.args).toEqual(['sh', v]);
        // Kubernetes: the Deployment has the twin's keys (a hostname that is no DNS label is left
        // out), and `$(VAR)` stays literal: Kubernetes reads `$$` as one `$`.
        const dep = yaml.load(files.get('kubernetes/deployment.yaml')!) as Json;
        if (slot !== 'hostname') expect(shape(dep)).toEqual(shape(yaml.load(benign.files!.get('kubernetes/deployment.yaml')!)));
        const k8s = dep.spec.template.spec.containers[0];
        if (slot === 'env value') expect(k8s.env).toEqual([{ name: 'E', value: v.replaceAll('$', '$$$$') }]);
        if (slot === 'command argument') expect(k8s.args).toEqual(['sh', v.replaceAll('$', '$$$$')]);
        for (const p of [...files.keys()].filter((p) => p.startsWith('kubernetes/') && p.endsWith('.yaml') && !p.includes('/patch/'))) kubeDocs.push({ p, doc: yaml.load(files.get(p)!) });
        // AppArmor: compiles, and has exactly as many rules as the benign twin.
        if (!apparmor.skip) expect(ruleCount(files.get(`${name}.apparmor`)!, 'hostile')).toBe(ruleCount(benign.files!.get(`${benign.r.ir!.name}.apparmor`)!, 'benign'));
        expect(prof).toMatch(/^[a-z0-9][a-z0-9_.-]*$/);
      }),
      { numRuns: 40, seed: 20261122 },
    );
    // The Kubernetes objects of every compiled case validate (schemas checked after the property: they load asynchronously).
    for (const { p, doc } of kubeDocs.splice(0)) expect((await validateKubernetesObject(doc)).errors, `${slot}: ${p}`).toEqual([]);
    // Some hostile values are legal data (quotes, `$`, backticks in an argument): the property is
    // only meaningful if such values really reach the artifacts for the free-text slots.
    if (['env value', 'command argument', 'entrypoint'].includes(slot)) expect(compiled).toBeGreaterThan(0);
  });
});
