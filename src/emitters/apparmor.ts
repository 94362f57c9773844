/**
 * The AppArmor emitter: `${name}.apparmor`, one profile for `apparmor_parser` (AppArmor 3.0 language,
 * apparmor.d(5)), rendered by one Handlebars template from a view shaped and sorted here.
 *
 * Safety: every path from the IR is written inside double quotes, where `,`, `#` and spaces are
 * plain characters, and any character that could end the quoted string or the line (`"`, `\`,
 * control characters) or would act as AppArmor pattern syntax the IR does not mean (`{ } [ ] ^`) is
 * refused as an internal error. Names are checked against the names-are-valid shape; comment text is
 * escaped so it cannot end its line.
 */
import Handlebars from 'handlebars/runtime';
import type { NetworkGrant, Origin, PathRule, PolicyIR, SocketFamily, SocketType } from '../compiler/ir.js';
import { carries, type Artifact, type EmitOptions } from './artifact.js';
import { APPARMOR_TEMPLATE_SPEC } from './generated/apparmor-template.js';
import { CAPABILITY_RE, NAME_RE, PROFILE_NAME_RE, commentText, compareStrings, expectShape, internalError } from './quote.js';

const EMITTER = 'apparmor';

/** One file rule as the template writes it: `{{path}} {{perms}},` and an optional trailing comment. */
interface FileRuleView {
  readonly path: string;
  readonly perms: string;
  readonly note: string;
}

/** Everything the template renders, already validated, quoted and sorted. */
interface AppArmorView {
  readonly profileName: string;
  readonly workload: string;
  readonly source: string;
  readonly fileName: string;
  readonly network: { readonly allow: readonly string[]; readonly noGrants: boolean; readonly deny: readonly string[] };
  readonly capabilities: readonly string[];
  readonly noCapabilities: boolean;
  readonly files: {
    readonly readAll: boolean;
    readonly reads: readonly FileRuleView[];
    readonly execAll: boolean;
    readonly execs: readonly FileRuleView[];
    readonly writes: readonly FileRuleView[];
    readonly noWrites: boolean;
    readonly denies: readonly FileRuleView[];
    readonly hasDenies: boolean;
  };
}

// Compiled once; `noEscape` because the output is not HTML, `strict` so a missing field throws.
// Precompiled at development time (scripts/gen-apparmor-template.ts): only the runtime ships.
const render = Handlebars.template<AppArmorView>(APPARMOR_TEMPLATE_SPEC);

const FAMILIES: readonly SocketFamily[] = ['inet', 'inet6', 'unix', 'netlink', 'packet'];
const TYPES: readonly SocketType[] = ['stream', 'dgram', 'raw', 'seqpacket'];

// `"` or `\` would end or escape the quoted string, a control character would end the line, and
// `{ } [ ] ^` are AARE pattern syntax (alternation, character classes) the IR never means.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f"\\{}[\]^]/;

/** A path from the IR as an AppArmor quoted file glob; `*`, `**` and `?` keep their glob meaning. */
function quotedPath(p: string, what: string): string {
  if (!p.startsWith('/')) internalError(EMITTER, `${what} ${JSON.stringify(p)} is not absolute`);
  const bad = UNSAFE_IN_PATH.exec(p);
  if (bad) internalError(EMITTER, `${what} ${JSON.stringify(p)} holds ${JSON.stringify(bad[0])}, which an AppArmor rule cannot carry as data`);
  return `"${p}"`;
}

function originNote(o: Origin): string {
  return commentText(o.line > 0 ? `${o.file}:${o.line}` : o.what);
}

/**
 * The globs one IR path stands for. A path without a glob names a file or a directory, and for a
 * directory AppArmor needs the trailing-slash form (the directory itself) and `/**` (what is below),
 * so all three are written; `/` is the directory and everything below it. A glob is taken as written.
 */
function expand(p: string): readonly { readonly glob: string; readonly dir: boolean }[] {
  if (p === '/') return [{ glob: '/', dir: true }, { glob: '/**', dir: false }];
  if (/[*?]/.test(p) || p.endsWith('/')) return [{ glob: p, dir: p.endsWith('/') }];
  return [
    { glob: p, dir: false },
    { glob: `${p}/`, dir: true },
    { glob: `${p}/**`, dir: false },
  ];
}

/**
 * Folders that most images make symlinks to /run (Debian, Ubuntu, Alpine, and so the official
 * nginx and postgres images): a mount on /var/run lands on /run, and AppArmor checks the path after
 * the link is followed, so a rule for /var/run/x alone never matches. Each such path gets its
 * /run form too; on an image where /var/run is a real folder the extra rule matches nothing.
 */
const RUN_ALIASES: readonly (readonly [string, string])[] = [
  ['/var/run', '/run'],
  ['/var/lock', '/run/lock'],
];

/** `p` and the path it resolves to where it lies under one of RUN_ALIASES' symlinks. */
function withResolvedForm(p: string): readonly string[] {
  for (const [link, target] of RUN_ALIASES) if (p === link || p.startsWith(`${link}/`)) return [p, target + p.slice(link.length)];
  return [p];
}

/** Rules for a set of paths with the given permissions (null: no rule for that form), deduplicated and sorted. */
function fileRules(
  entries: readonly { readonly path: string; readonly note: string }[],
  perms: { readonly file: string; readonly dir: string | null },
  what: string,
): FileRuleView[] {
  const byKey = new Map<string, FileRuleView>();
  for (const { path: declared, note } of entries) {
    for (const path of withResolvedForm(declared)) {
      const pathNote = path === declared ? note : commentText(`${declared} through the /run symlink`);
      for (const { glob, dir } of expand(path)) {
        const p = dir ? perms.dir : perms.file;
        if (p === null) continue;
        const rule: FileRuleView = { path: quotedPath(glob, what), perms: p, note: glob === path ? pathNote : '' };
        const key = `${rule.path} ${rule.perms}`;
        if (!byKey.has(key)) byKey.set(key, rule);
      }
    }
  }
  return [...byKey.values()].sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.perms, b.perms));
}

function rulesOf(paths: readonly PathRule[], access: PathRule['access']): { path: string; note: string }[] {
  return paths.filter((r) => r.access === access).map((r) => ({ path: r.path, note: originNote(r.origin) }));
}

function networkRule(g: NetworkGrant): string {
  if (!FAMILIES.includes(g.family)) internalError(EMITTER, `unknown socket family ${JSON.stringify(g.family)}`);
  if (g.type !== null && !TYPES.includes(g.type)) internalError(EMITTER, `unknown socket type ${JSON.stringify(g.type)}`);
  return g.type === null ? g.family : `${g.family} ${g.type}`;
}

/**
 * Explicit network denials. Each names its family: a family-less `deny network raw` would also
 * become a unix-socket deny rule, which ABI 3.0 cannot enforce (apparmor_parser warns), and would
 * override a netlink raw grant. AF_ALG is never grantable; packet and raw inet only by the policy.
 */
function networkDenials(grants: readonly NetworkGrant[]): string[] {
  const covers = (family: SocketFamily, type: SocketType | null): boolean =>
    grants.some((g) => g.family === family && (g.type === null || g.type === type));
  const out: string[] = [];
  if (!covers('inet', 'raw')) out.push('inet raw');
  if (!covers('inet6', 'raw')) out.push('inet6 raw');
  if (!grants.some((g) => g.family === 'packet')) out.push('packet');
  out.push('alg');
  return out;
}

function capabilityName(cap: string): string {
  return expectShape(EMITTER, 'capability', cap, CAPABILITY_RE).slice('CAP_'.length).toLowerCase();
}

function view(ir: PolicyIR): AppArmorView {
  const name = expectShape(EMITTER, 'workload name', ir.name, NAME_RE);
  const profileName = expectShape(EMITTER, 'AppArmor profile name', ir.apparmor.profileName, PROFILE_NAME_RE);
  const fs = ir.filesystem;
  const allow = [...new Set(ir.network.grants.map(networkRule))].sort(compareStrings);
  const capabilities = [...new Set(ir.capabilities.map(capabilityName))].sort(compareStrings);
  const writes = fileRules(
    fs.writablePaths.map((path) => ({ path, note: '' })),
    { file: 'rwlk', dir: 'rw' },
    'writable path',
  );
  const denies = fileRules(rulesOf(fs.paths, 'deny'), { file: 'mrwklx', dir: 'mrwklx' }, 'deny path');
  return {
    profileName,
    workload: name,
    source: commentText(ir.sourceFile),
    fileName: `${name}.apparmor`,
    network: { allow, noGrants: allow.length === 0, deny: networkDenials(ir.network.grants) },
    capabilities,
    noCapabilities: capabilities.length === 0,
    files: {
      readAll: !fs.readRestricted,
      reads: fileRules(rulesOf(fs.paths, 'read'), { file: 'r', dir: 'r' }, 'read path'),
      execAll: !fs.execRestricted,
      execs: fileRules(rulesOf(fs.paths, 'exec'), { file: 'mix', dir: null }, 'exec path'),
      writes,
      noWrites: writes.length === 0,
      denies,
      hasDenies: denies.length > 0,
    },
  };
}

/** Emits `${ir.name}.apparmor`: the workload's AppArmor profile, loadable by `apparmor_parser` (AppArmor 3.0). */
export function emitAppArmor(ir: PolicyIR, options: EmitOptions = {}): Artifact[] {
  // Hosts without AppArmor (`--security-module selinux` or `none`) have nothing to load.
  if (!carries(options, 'apparmor')) return [];
  // `unconfined` is the kernel's word for "no profile": a profile of that name would be a new one
  // shadowing it. The file stays (the artifact set is fixed) and says, in comments only, why it is empty.
  if (ir.apparmor.profileName === 'unconfined') {
    const name = expectShape(EMITTER, 'workload name', ir.name, NAME_RE);
    return [
      {
        path: `${name}.apparmor`,
        content: `# AppArmor for the workload "${name}", generated by secpol from "${commentText(ir.sourceFile)}". Do not edit.\n# The policy says \`apparmor-profile unconfined\` (warning W0112): the workload runs without an\n# AppArmor profile, so there is nothing to load.\n`,
      },
    ];
  }
  const v = view(ir);
  return [{ path: v.fileName, content: render(v) }];
}
