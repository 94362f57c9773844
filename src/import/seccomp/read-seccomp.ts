/**
 * Reads a seccomp profile into a workload whose `syscalls` section says what it says: Docker's JSON
 * profile (moby `profiles/seccomp`, what `--security-opt seccomp=FILE` takes) and the Security
 * Profiles Operator's `SeccompProfile` (its `spec` has the same fields). Rules become `allow` and
 * `deny` statements with their argument conditions; a profile that holds Docker's unconditional
 * allow-list becomes `@docker-default` plus what differs. The rest of the workload is what
 * `docker run --security-opt seccomp=FILE IMAGE` gives (Docker's defaults), reported as such.
 */
import yaml from 'js-yaml';
import { KNOWN_ARCHES } from '../../compiler/data/arches.js';
import { syscallsFor } from '../../compiler/data/capability-syscalls.js';
import { errnoName } from '../../compiler/data/errno.js';
import { syscallGroup } from '../../compiler/data/syscall-groups.js';
import { ALL_SYSCALL_NAMES } from '../../compiler/data/syscall-table.js';
import { diag, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { SourceFile, Span } from '../../compiler/source.js';
import { DockerOptions } from '../docker-options.js';
import { workloadNameFrom } from '../names.js';
import { dockerDefaults, type ImportedCondition, type ImportedSyscallRule, type ReadResult } from '../settings.js';
import { YamlLocator } from '../yaml-locate.js';

/** The image a policy from a profile gets until the team writes its own (a profile names none). */
export const PLACEHOLDER_IMAGE = 'example.invalid/replace-me:latest';

const ARCH: Readonly<Record<string, string>> = {
  SCMP_ARCH_X86_64: 'x86_64', SCMP_ARCH_X86: 'x86', SCMP_ARCH_X32: 'x32', SCMP_ARCH_AARCH64: 'aarch64', SCMP_ARCH_ARM: 'arm',
};
const OPS: Readonly<Record<string, ImportedCondition['op']>> = {
  SCMP_CMP_EQ: '==', SCMP_CMP_NE: '!=', SCMP_CMP_LT: '<', SCMP_CMP_LE: '<=', SCMP_CMP_GT: '>', SCMP_CMP_GE: '>=', SCMP_CMP_MASKED_EQ: '&',
};
const KNOWN = new Set(ALL_SYSCALL_NAMES);
const DOCKER_DEFAULT: readonly string[] = syscallGroup('docker-default')?.syscalls ?? [];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads Docker's JSON seccomp profile. */
export function readSeccompProfile(file: SourceFile, image?: string): ReadResult {
  let doc: unknown;
  try {
    doc = JSON.parse(file.text);
  } catch (e) {
    const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    const at = m ? Math.min(Number(m[1]), file.text.length) : 0;
    return { policies: [], diagnostics: [diag('E0801', { file, start: at, end: at + 1 }, { format: 'a Docker seccomp profile', why: `the JSON does not parse (${e instanceof Error ? e.message : String(e)})` })] };
  }
  // A rule is located at its first name in the text, searched after the previous rule's.
  let cursor = 0;
  const locate = (i: number, rule: Obj): Span => {
    const first = Array.isArray(rule['names']) ? rule['names'][0] : rule['name'];
    const at = typeof first === 'string' ? file.text.indexOf(JSON.stringify(first), cursor) : -1;
    if (at < 0) return { file, start: 0, end: 1 };
    cursor = at + 1;
    void i;
    return { file, start: at, end: at + JSON.stringify(first).length };
  };
  return fromProfile(file, doc, 'a Docker seccomp profile', locate, { file, start: 0, end: Math.min(1, file.text.length) }, 'profile', image);
}

/** Reads an SPO `SeccompProfile` (security-profiles-operator.x-k8s.io/v1beta1). */
export function readSpoProfile(file: SourceFile, image?: string): ReadResult {
  const format = 'an SPO SeccompProfile';
  let doc: unknown;
  try {
    doc = yaml.load(file.text, { schema: yaml.JSON_SCHEMA });
  } catch (e) {
    const mark = e instanceof yaml.YAMLException ? e.mark : undefined;
    const start = mark ? Math.min(mark.position, file.text.length) : 0;
    return { policies: [], diagnostics: [diag('E0801', { file, start, end: start + 1 }, { format, why: `the YAML does not parse (${e instanceof yaml.YAMLException ? e.reason : String(e)})` })] };
  }
  const loc = new YamlLocator(file);
  if (!isObj(doc) || doc['kind'] !== 'SeccompProfile' || !isObj(doc['spec'])) {
    return { policies: [], diagnostics: [diag('E0801', loc.span(['kind']), { format, why: 'it is not a `kind: SeccompProfile` with a `spec`' })] };
  }
  const meta = isObj(doc['metadata']) ? doc['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : 'profile';
  return fromProfile(file, doc['spec'], format, (i) => loc.span(['spec', 'syscalls', i]), loc.span(['spec']), name, image);
}

function fromProfile(file: SourceFile, doc: unknown, format: string, locate: (i: number, rule: Obj) => Span, at: Span, name: string, image: string | undefined): ReadResult {
  void file;
  if (!isObj(doc) || typeof doc['defaultAction'] !== 'string') return { policies: [], diagnostics: [diag('E0801', at, { format, why: 'it has no `defaultAction`' })] };
  const w = dockerDefaults(workloadNameFrom(name));
  const o = new DockerOptions(w);
  const ds: Diagnostic[] = [];
  w.image = image ?? PLACEHOLDER_IMAGE;
  if (image === undefined) o.approximated('the image', `a profile names none; the policy says \`${PLACEHOLDER_IMAGE}\` until you write the workload's (or give \`--image\`)`, at);
  const defaultErrno = typeof doc['defaultErrnoRet'] === 'number' ? doc['defaultErrnoRet'] : 1;
  const def = action(String(doc['defaultAction']), defaultErrno);
  if (def === null) {
    ds.push(diag('E0803', at, { what: 'default action', value: String(doc['defaultAction']), why: 'the language\'s default actions are errno, kill, trap, log and allow' }));
    return { policies: [{ workload: w, span: at, diagnostics: ds }], diagnostics: [] };
  }
  const arches: string[] = [];
  for (const a of Array.isArray(doc['architectures']) ? doc['architectures'] : []) {
    const mapped = ARCH[String(a)];
    if (mapped && (KNOWN_ARCHES as readonly string[]).includes(mapped)) arches.push(mapped);
    else o.notCarried(`architecture ${String(a)}`, 'the language targets x86_64, x86, x32, aarch64 and arm', at);
  }
  if (Array.isArray(doc['archMap'])) o.notCarried('archMap', 'the language derives each architecture\'s companions itself (`arch`)', at);
  const rules: ImportedSyscallRule[] = [];
  const dependent: string[] = [];
  const syscalls = Array.isArray(doc['syscalls']) ? doc['syscalls'] : [];
  syscalls.forEach((r, i) => {
    if (!isObj(r)) return;
    const s = locate(i, r);
    const names = (Array.isArray(r['names']) ? r['names'] : typeof r['name'] === 'string' ? [r['name']] : []).map(String);
    const has = (k: string): boolean => isObj(r[k]) && Object.keys(r[k] as Obj).length > 0;
    if (has('includes') || has('excludes')) {
      dependent.push(...names);
      return;
    }
    const act = action(String(r['action']), typeof r['errnoRet'] === 'number' ? r['errnoRet'] : 1);
    if (act === null) return o.notCarried(`${String(r['action'])} for ${names.join(', ')}`, 'the language\'s actions are allow, errno, kill, trap and log', s);
    const unknown = names.filter((n) => !KNOWN.has(n));
    if (unknown.length > 0) o.notCarried(unknown.join(', '), 'no architecture secpol targets has this call', s);
    const known = names.filter((n) => KNOWN.has(n));
    const conditions: ImportedCondition[] = [];
    let ok = true;
    for (const a of Array.isArray(r['args']) ? r['args'] : []) {
      if (!isObj(a)) continue;
      const op = OPS[String(a['op'])];
      const index = Number(a['index']);
      if (op === undefined || conditions.some((c) => c.index === index)) {
        ok = false;
        break;
      }
      conditions.push({ index, op, value: BigInt(String(a['value'] ?? 0)), ...(op === '&' ? { masked: BigInt(String(a['valueTwo'] ?? 0)) } : {}) });
    }
    if (!ok) return o.notCarried(`the rule for ${names.join(', ')}`, 'it compares one argument twice or with an unknown operator; the language joins comparisons of different arguments', s);
    if (known.length === 0) return;
    if (act === 'allow') rules.push({ action: 'allow', names: known, with: null, conditions });
    else rules.push({ action: 'deny', names: known, with: act === 'errno EPERM' ? null : act, conditions });
  });
  if (dependent.length > 0) o.notCarried(`the rules for ${[...new Set(dependent)].sort().join(', ')}`, 'they apply only with some capabilities, architectures or kernels; the policy grants calls for the capabilities it adds itself', at);
  const allowed = new Set(rules.filter((r) => r.action === 'allow' && r.conditions.length === 0).flatMap((r) => r.names));
  const present = DOCKER_DEFAULT.filter((n) => allowed.has(n)).length;
  const dockerDefault = DOCKER_DEFAULT.length > 0 && present >= DOCKER_DEFAULT.length * 0.9;
  if (dockerDefault) {
    const missing = DOCKER_DEFAULT.filter((n) => !allowed.has(n));
    if (missing.length > 0) rules.push({ action: 'deny', names: missing, with: def === 'allow' || def === 'errno EPERM' ? null : def, conditions: [] });
  }
  w.seccomp = { kind: 'profile', defaultAction: def, arches, dockerDefault, rules };
  o.finish();
  // Docker's default capabilities whose every call the profile refuses would grant nothing (E0403): left out, and said.
  const permitted = new Set([...rules.filter((r) => r.action === 'allow').flatMap((r) => r.names), ...(dockerDefault ? DOCKER_DEFAULT : [])]);
  const pointless = [...w.capabilities].filter((c) => def !== 'allow' && syscallsFor(c).length > 0 && !syscallsFor(c).some((n) => permitted.has(n))).sort();
  for (const c of pointless) w.capabilities.delete(c);
  if (pointless.length > 0) o.approximated('the capabilities', `Docker would grant ${pointless.map((c) => c.replace(/^CAP_/, '')).join(', ')}, but the profile refuses every call they exist for, so the policy leaves them out`, at);
  return { policies: [{ workload: w, span: at, diagnostics: [...ds, ...o.diagnostics] }], diagnostics: [] };
}

/** A profile action in the language's words: `allow`, `errno NAME`, `kill`, `trap`, `log`; null for TRACE and NOTIFY. */
function action(a: string, errno: number): string | null {
  switch (a) {
    case 'SCMP_ACT_ALLOW': return 'allow';
    case 'SCMP_ACT_ERRNO': return `errno ${errnoName(errno) ?? errno}`;
    case 'SCMP_ACT_KILL': case 'SCMP_ACT_KILL_THREAD': case 'SCMP_ACT_KILL_PROCESS': return 'kill';
    case 'SCMP_ACT_TRAP': return 'trap';
    case 'SCMP_ACT_LOG': return 'log';
    default: return null;
  }
}
