import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ENGINE_BIN } from './engines.js';
import { referenceDir } from './repo.js';
import { runSync } from './run.js';

/**
 * Static validators for emitted artifacts: the official schemas (OCI runtime-spec, compose-spec)
 * through ajv, and the real tools that parse the rest (apparmor_parser, docker-compose config),
 * plus libseccomp's syscall table. Set-up as in ../shared/reference/README.md.
 */

// ajv and its plugins are CommonJS modules whose `module.exports` is the class itself; require()
// gives exactly that, where a default import would need interop guesses.
const require = createRequire(import.meta.url);
const Ajv04: typeof import('ajv-draft-04').default = require('ajv-draft-04');
const Ajv2020: typeof import('ajv/dist/2020.js').default = require('ajv/dist/2020.js');
const addFormats: typeof import('ajv-formats').default = require('ajv-formats');

/** Outcome of a schema validation: readable errors, one per line, empty when valid. */
export interface SchemaResult {
  readonly ok: boolean;
  readonly errors: readonly string[];
}

function formatErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath === '' ? '(root)' : e.instancePath;
    const extra =
      e.keyword === 'additionalProperties'
        ? `: ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`
        : e.keyword === 'enum'
          ? `: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`
          : '';
    return `${where} ${e.message ?? e.keyword}${extra} (schema ${e.schemaPath})`;
  });
}

function check(validate: ValidateFunction, document: unknown): SchemaResult {
  const ok = validate(document) === true;
  return { ok, errors: ok ? [] : formatErrors(validate.errors) };
}

let ociValidator: ValidateFunction | undefined;

/** The OCI runtime-spec `config-schema.json` validator (draft-04; every file under its own name). */
function ociConfigValidator(): ValidateFunction {
  if (!ociValidator) {
    // strictSchema: false, because the platform files wrap their schemas ({"linux": {...}}).
    const ajv = new Ajv04({ allErrors: true, strictSchema: false });
    addFormats(ajv);
    const dir = path.join(referenceDir, 'oci-runtime-spec');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort())
      ajv.addSchema(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), file);
    const validate = ajv.getSchema('config-schema.json');
    if (!validate) throw new Error(`no config-schema.json in ${dir}`);
    ociValidator = validate;
  }
  return ociValidator;
}

let composeValidator: ValidateFunction | undefined;

/** The compose-spec validator (JSON Schema 2020-12, compose-go's maintained copy). */
function composeFileValidator(): ValidateFunction {
  if (!composeValidator) {
    // strictTypes: false only silences warnings about union types in the schema.
    const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
    addFormats(ajv);
    const file = path.join(referenceDir, 'compose-spec', 'compose-spec.json');
    const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
    composeValidator = validate;
    return validate;
  }
  return composeValidator;
}

/** Validates an OCI runtime `config.json` document against the runtime-spec schema. */
export function validateOciConfig(config: unknown): SchemaResult {
  return check(ociConfigValidator(), config);
}

/** Validates a whole Compose file (already parsed from YAML) against the compose-spec schema. */
export function validateComposeFile(compose: unknown): SchemaResult {
  return check(composeFileValidator(), compose);
}

/** Validates one service fragment by wrapping it as `{services: {NAME: fragment}}`. */
export function validateComposeService(fragment: unknown, name = 'app'): SchemaResult {
  return validateComposeFile({ services: { [name]: fragment } });
}

/** Outcome of a real tool run over an artifact. */
export interface ToolResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

// Printed on every run by a host kernel without AppArmor; says nothing about the profile.
const HOST_NOISE = /^Cache read\/write disabled: interface file missing/;

/**
 * Compiles a profile with the real AppArmor parser without a kernel or cache
 * (`apparmor_parser -Q -K -o /dev/null`). `#include <tunables/global>` resolves in the host's
 * /etc/apparmor.d. On failure stderr reads `AppArmor parser error for profile in profile profile at
 * line N: ...` (the temporary file is called `profile`); host-only noise is removed.
 */
export function apparmorParse(profileText: string): { ok: boolean; stderr: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-apparmor-'));
  try {
    const file = path.join(dir, 'profile');
    writeFileSync(file, profileText);
    const result = runSync(ENGINE_BIN.apparmorParser, ['-Q', '-K', '-o', '/dev/null', file], { timeoutMs: 60_000 });
    const stderr = result.stderr
      .split('\n')
      .filter((line) => !HOST_NOISE.test(line))
      .join('\n')
      .replaceAll(file, 'profile');
    return { ok: result.code === 0, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `docker-compose -f FILE config` in `dir`: docker-compose 1.29's own loader and validator,
 * which also resolves relative paths such as `seccomp=./profile.json`. Needs no running daemon.
 */
export function dockerComposeConfig(dir: string, file = 'compose.yaml'): ToolResult {
  const result = runSync(ENGINE_BIN.dockerCompose, ['-f', file, 'config'], { cwd: dir, timeoutMs: 60_000 });
  return { ok: result.code === 0, stdout: result.stdout, stderr: result.stderr };
}

/** libseccomp's syscall table: per syscall name, the ABIs on which it has a number. */
export interface SyscallTable {
  readonly abis: readonly string[];
  readonly numbers: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

let syscallTable: SyscallTable | undefined;

/** Loads ../shared/reference/libseccomp/syscalls.csv (`PNR` = no such syscall on that ABI). */
export function loadSyscallTable(): SyscallTable {
  if (!syscallTable) {
    const lines = readFileSync(path.join(referenceDir, 'libseccomp', 'syscalls.csv'), 'utf8').trim().split('\n');
    const header = (lines[0] ?? '').split(',');
    const abiColumns = header.map((h, i) => [h, i] as const).filter(([h, i]) => i > 0 && !h.endsWith('_kver'));
    const numbers = new Map<string, Map<string, number>>();
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const perAbi = new Map<string, number>();
      for (const [abi, i] of abiColumns) if (/^\d+$/.test(cells[i] ?? '')) perAbi.set(abi, Number(cells[i]));
      numbers.set(cells[0]!, perAbi);
    }
    syscallTable = { abis: abiColumns.map(([abi]) => abi), numbers };
  }
  return syscallTable;
}

// Docker/OCI architecture names → libseccomp table columns (libseccomp's arch-*.c names).
const SCMP_ARCH_COLUMN: Readonly<Record<string, string>> = {
  SCMP_ARCH_X86: 'x86', SCMP_ARCH_X86_64: 'x86_64', SCMP_ARCH_X32: 'x32',
  SCMP_ARCH_ARM: 'arm', SCMP_ARCH_AARCH64: 'aarch64', SCMP_ARCH_LOONGARCH64: 'loongarch64',
  SCMP_ARCH_M68K: 'm68k', SCMP_ARCH_MIPS: 'mips', SCMP_ARCH_MIPSEL: 'mips',
  SCMP_ARCH_MIPS64: 'mips64', SCMP_ARCH_MIPSEL64: 'mips64', SCMP_ARCH_MIPS64N32: 'mips64n32',
  SCMP_ARCH_MIPSEL64N32: 'mips64n32', SCMP_ARCH_PARISC: 'parisc', SCMP_ARCH_PARISC64: 'parisc64',
  SCMP_ARCH_PPC: 'ppc', SCMP_ARCH_PPC64: 'ppc64', SCMP_ARCH_PPC64LE: 'ppc64',
  SCMP_ARCH_RISCV64: 'riscv64', SCMP_ARCH_S390: 's390', SCMP_ARCH_S390X: 's390x', SCMP_ARCH_SH: 'sh',
};

/** Outcome of `seccompNamesKnown`. */
export interface SeccompNamesResult {
  readonly ok: boolean;
  /** Syscall names that libseccomp does not know at all: a runtime would reject the profile. */
  readonly unknown: readonly string[];
  /** Names that exist, but on none of the profile's architectures (allowed; they never match). */
  readonly absentOnProfileArches: readonly string[];
  /** Architecture names that are not SCMP_ARCH_* names libseccomp knows. */
  readonly unknownArches: readonly string[];
}

/**
 * Checks every syscall name in a Docker seccomp profile (object or JSON text) against libseccomp's
 * table, and its architectures (`architectures` and `archMap[].architecture/subArchitectures`).
 */
export function seccompNamesKnown(profile: unknown): SeccompNamesResult {
  const doc = (typeof profile === 'string' ? JSON.parse(profile) : profile) as {
    architectures?: string[];
    archMap?: { architecture?: string; subArchitectures?: string[] }[];
    syscalls?: { names?: string[]; name?: string }[];
  };
  const table = loadSyscallTable();
  const arches = new Set<string>(doc.architectures ?? []);
  for (const entry of doc.archMap ?? []) {
    if (entry.architecture) arches.add(entry.architecture);
    for (const sub of entry.subArchitectures ?? []) arches.add(sub);
  }
  const unknownArches = [...arches].filter((a) => !(a in SCMP_ARCH_COLUMN)).sort();
  const columns = [...arches].map((a) => SCMP_ARCH_COLUMN[a]).filter((c): c is string => c !== undefined);
  const names = new Set<string>();
  for (const rule of doc.syscalls ?? []) {
    for (const name of rule.names ?? []) names.add(name);
    if (rule.name) names.add(rule.name);
  }
  const unknown: string[] = [];
  const absent: string[] = [];
  for (const name of [...names].sort()) {
    const perAbi = table.numbers.get(name);
    if (!perAbi) unknown.push(name);
    else if (columns.length > 0 && !columns.some((c) => perAbi.has(c))) absent.push(name);
  }
  return { ok: unknown.length === 0 && unknownArches.length === 0, unknown, absentOnProfileArches: absent, unknownArches };
}

// ---------------------------------------------------------------------------------------------
// Kubernetes: the API's own OpenAPI schemas (kubernetes-models' generated validators) for the core
// kinds, and the Security Profiles Operator's CRD schemas (../shared/reference) for its resources.

const SPO_CRDS: Readonly<Record<string, string>> = {
  SeccompProfile: 'seccompprofile.crd.yaml',
  AppArmorProfile: 'apparmorprofile.crd.yaml',
  ProfileBinding: 'profilebinding.crd.yaml',
};
const spoValidators = new Map<string, ValidateFunction>();

/**
 * A CRD's schema with `additionalProperties: false` on every object that lists its properties
 * (metadata aside): the API server prunes unknown fields of a custom resource silently, so a
 * misspelt field would pass the schema as written and then do nothing. kubectl's strict field
 * validation reports them; so does this.
 */
function strictSchema(schema: unknown, key = ''): unknown {
  if (Array.isArray(schema)) return schema.map((s) => strictSchema(s));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strictSchema(s, p)])) : strictSchema(v, k);
  if ('properties' in out && key !== 'metadata' && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

function spoValidator(kind: string, apiVersion: string): ValidateFunction {
  const id = `${kind}@${apiVersion}`;
  let v = spoValidators.get(id);
  if (!v) {
    const file = SPO_CRDS[kind];
    if (!file) throw new Error(`no SPO CRD known for kind ${kind}`);
    const yamlText = readFileSync(path.join(referenceDir, 'security-profiles-operator', file), 'utf8');
    const docs = (require('js-yaml') as typeof import('js-yaml')).loadAll(yamlText) as { spec: { names: { kind: string }; group: string; versions: { name: string; schema: { openAPIV3Schema: unknown } }[] } }[];
    const crd = docs.find((d) => d.spec.names.kind === kind);
    const version = crd?.spec.versions.find((x) => `${crd.spec.group}/${x.name}` === apiVersion);
    if (!crd || !version) throw new Error(`${file} serves no ${apiVersion} ${kind}`);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    v = ajv.compile(strictSchema(version.schema.openAPIV3Schema) as object);
    spoValidators.set(id, v);
  }
  return v;
}

/** The kinds validated by Kubernetes' own schemas, and where kubernetes-models has each. */
const KUBERNETES_MODELS: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1/Deployment',
  StatefulSet: 'apps/v1/StatefulSet',
  DaemonSet: 'apps/v1/DaemonSet',
  Pod: 'v1/Pod',
  NetworkPolicy: 'networking.k8s.io/v1/NetworkPolicy',
};

/** Validates one Kubernetes object by its kind: the workload kinds and NetworkPolicy by Kubernetes' schemas, SPO resources by their CRDs. */
export async function validateKubernetesObject(doc: unknown): Promise<SchemaResult> {
  const o = doc as { kind?: string; apiVersion?: string };
  const model = o.kind === undefined ? undefined : KUBERNETES_MODELS[o.kind];
  if (o.kind && model) {
    try {
      const Model = ((await import(`kubernetes-models/${model}`)) as Record<string, new (x: unknown) => { validate: () => void }>)[o.kind]!;
      new Model(doc).validate();
      return { ok: true, errors: [] };
    } catch (e) {
      return { ok: false, errors: [e instanceof Error ? e.message : String(e)] };
    }
  }
  if (o.kind && o.apiVersion && SPO_CRDS[o.kind]) return check(spoValidator(o.kind, o.apiVersion), doc);
  return { ok: false, errors: [`no validator for ${o.apiVersion ?? '?'} ${o.kind ?? '?'}`] };
}
