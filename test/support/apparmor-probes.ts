/**
 * The probe plan of the AppArmor end-to-end test (test/e2e/apparmor.test.ts), as data: for one
 * compiled policy, what to create before the probes, which requests /bin/secpol-probe makes under
 * the emitted profile, and what each must return there and in an unconfined control run of the same
 * script. Expectations come from a small model of the profile (apparmor.d(5) globs; deny rules win;
 * reads broad unless `read` rules narrow them; writes only on `writablePaths`), read from the IR, so
 * a new example is probed without a new table. Pure: no file system, no VM.
 */
import type { PolicyIR } from '../../src/compiler/ir.js';
import type { AppArmorCase } from './apparmor-vm.js';
import { PROBE_IN_GUEST } from './engines.js';

/** What one probe line reports: the probe's own `ok` / `errno=NAME(N)`, or a refused exec. */
export type Outcome = string;

export const OK: Outcome = 'ok';
/** AppArmor's refusal: file, network and mount hooks return EACCES (security/apparmor/file.c, net.c, mount.c). */
export const EACCES: Outcome = 'errno=EACCES(13)';
/** A capability the profile lacks: apparmor_capable() returns EPERM, as the capability check itself would. */
export const EPERM: Outcome = 'errno=EPERM(1)';
/** Reading /proc/PID/mem at offset 0 (never mapped): what an allowed read of it returns. */
export const EIO: Outcome = 'errno=EIO(5)';
/** A sysctl that rejects the probe's line of text: the write itself got past AppArmor. */
export const EINVAL_SYSCTL: Outcome = 'errno=EINVAL(22)';
/** The shell could not exec the program: AppArmor refused `x` on it. */
export const EXEC_REFUSED: Outcome = 'exec refused';

/** One request of the kernel, made by the confined script and by its unconfined control. */
export interface Probe {
  /** Unique within a plan; the line's key in the script's output. */
  readonly label: string;
  /** Arguments of the probe binary (`read /etc/x`), or null for the label read of `attr`. */
  readonly argv: readonly string[] | null;
  /** The program to run instead of the plan's probe binary (to show an exec refusal). */
  readonly program?: string;
  readonly confined: Outcome;
  readonly control: Outcome;
}

/** Everything the VM needs for one policy's confined run and its control. */
export interface ProbePlan {
  readonly key: string;
  readonly profileName: string;
  readonly profileText: string;
  /** Shell commands run unconfined before each run: the files and folders the probes touch. */
  readonly setup: string;
  /** Where the probe binary runs from: /bin/secpol-probe, or a path the policy's exec rules allow. */
  readonly probeBin: string;
  readonly probes: readonly Probe[];
}

/** What /proc/self/attr/current reads in the control run. */
export const UNCONFINED = 'unconfined';

/** Extra requests for one policy, beyond those derived from its IR. */
export interface PlanExtras {
  /** Files to create and read (they must be readable under the profile). */
  readonly reads?: readonly string[];
  /** Probes with hand-written expectations. */
  readonly probes?: readonly Probe[];
}

/** Writes outside any writable path of a read-only root, in folders every root file system has. */
const OUTSIDE_WRITES = ['/etc/secpol-e2e-w', '/usr/secpol-e2e-w', '/secpol-e2e-w'];

/** Files the emitter lets every profile that narrows reads read (the runtime's binds, libc's lookups). */
const RUNTIME_READS = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/etc/passwd', '/etc/group', '/etc/nsswitch.conf'];

/** A read every profile that narrows reads must refuse unless a rule names it. */
const UNLISTED_READ = '/srv/secpol-e2e-unlisted/file';

/**
 * Deny paths of the examples that are kernel files rather than files setup can create: the file
 * to request and what an allowed read of it returns (so the control shows the refusal is AppArmor's).
 */
const SPECIAL_DENY: Readonly<Record<string, { readonly path: string; readonly allowed: Outcome }>> = {
  '/proc/*/mem': { path: '/proc/self/mem', allowed: EIO },
  '/proc/kcore': { path: '/proc/kcore', allowed: OK },
  // A firmware memory-map entry: present on every x86 kernel (CONFIG_FIRMWARE_MEMMAP), readable by root.
  '/sys/firmware/**': { path: '/sys/firmware/memmap/0/type', allowed: OK },
};

/** A concrete path a glob matches: `**` → `secpol-e2e/sample`, `*` → `secpol-e2e`, `?` → `x`. */
export function sampleOf(glob: string): string {
  return glob.replace(/\*\*/g, '\0').replace(/\*/g, 'secpol-e2e').replace(/\?/g, 'x').replace(/\0/g, 'secpol-e2e/sample');
}

const hasGlob = (p: string): boolean => /[*?]/.test(p);

/** The globs the emitter writes for one IR path: P, P/ and P/** for a plain path, the glob itself otherwise. */
function expansions(p: string): string[] {
  if (p === '/') return ['/', '/**'];
  if (hasGlob(p)) return [p];
  return [p, `${p}/`, `${p}/**`];
}

/** apparmor.d(5) file globs: `**` any characters, `*` and `?` within one path component. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether `file` matches one of the IR paths, as the emitted rules for them would. */
export function covered(file: string, irPaths: readonly string[]): boolean {
  return irPaths.some((p) => expansions(p).some((g) => globRegExp(g).test(file)));
}

/** A shell word holding `s` literally. */
export const shellWord = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const dirname = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';

/** The emitted profile's text for a compiled policy. */
export function apparmorText(files: ReadonlyMap<string, string>): string {
  const entry = [...files].find(([name]) => name.endsWith('.apparmor'));
  if (!entry) throw new Error('no .apparmor artifact');
  return entry[1];
}

/** The probe plan for one compiled policy. */
export function planFor(key: string, ir: PolicyIR, profileText: string, extras: PlanExtras = {}): ProbePlan {
  const fs = ir.filesystem;
  const denies = fs.paths.filter((r) => r.access === 'deny').map((r) => r.path);
  const readRules = fs.paths.filter((r) => r.access === 'read').map((r) => r.path);
  const writeRules = new Set(fs.paths.filter((r) => r.access === 'write').map((r) => r.path));
  const setup: string[] = ['mkdir -p /mnt'];
  const probes: Probe[] = [];
  const labels = new Set<string>();
  const add = (p: Probe): void => {
    if (labels.has(p.label)) return;
    labels.add(p.label);
    probes.push(p);
  };
  // Creates a file to probe, leaving one that exists (such as /etc/passwd) as it is.
  const file = (p: string): void => {
    setup.push(`[ -e ${shellWord(p)} ] || { mkdir -p ${shellWord(dirname(p))} && echo secpol-e2e > ${shellWord(p)}; }`);
  };

  // The profile took hold, in enforce mode, under the policy's profile name.
  add({ label: 'attr', argv: null, confined: `${ir.apparmor.profileName} (enforce)`, control: UNCONFINED });

  // Reads: what the policy declares (or, reads not narrowed, an ordinary file) works; with `read`
  // rules, a file none of them names is refused.
  const readOutcome = (p: string): Outcome =>
    covered(p, denies) ? EACCES : !fs.readRestricted || RUNTIME_READS.includes(p) || covered(p, readRules) || covered(p, fs.writablePaths) ? OK : EACCES;
  const reads = [...(fs.readRestricted ? readRules.map(sampleOf) : ['/etc/secpol-e2e/ordinary.conf']), ...(extras.reads ?? [])];
  if (fs.readRestricted) reads.push(UNLISTED_READ);
  for (const p of reads) {
    file(p);
    add({ label: `read ${p}`, argv: ['read', p], confined: readOutcome(p), control: OK });
  }

  // Writes: refused outside the writable paths, allowed inside each of them (deny rules win).
  const writeOutcome = (p: string): Outcome => (covered(p, denies) ? EACCES : covered(p, fs.writablePaths) ? OK : EACCES);
  const writes: string[] = [...OUTSIDE_WRITES];
  for (const w of fs.writablePaths) {
    if (w === '/') continue;
    // A `write` rule names the file itself; a mount target is a folder to write in.
    const target = writeRules.has(w) || hasGlob(w) ? sampleOf(w) : `${w}/secpol-e2e-w`;
    setup.push(`mkdir -p ${shellWord(dirname(target))}`);
    writes.push(target);
  }
  for (const p of writes) add({ label: `write ${p}`, argv: ['write', p], confined: writeOutcome(p), control: OK });

  // The policy's deny paths: refused even where reads are broad or the path is writable.
  for (const d of denies) {
    const special = SPECIAL_DENY[d];
    if (special) {
      add({ label: `read ${special.path}`, argv: ['read', special.path], confined: EACCES, control: special.allowed });
      continue;
    }
    if (/^\/(proc|sys|dev)(\/|$)/.test(d)) throw new Error(`${key}: no probe for the kernel path ${d}; add one to SPECIAL_DENY`);
    const p = sampleOf(d);
    file(p);
    add({ label: `read ${p}`, argv: ['read', p], confined: EACCES, control: OK });
    add({ label: `write ${p}`, argv: ['write', p], confined: EACCES, control: OK });
  }

  // Sockets: raw IP and packet sockets only when granted, and then only with CAP_NET_RAW (which
  // both need: inet_create, packet_create), since the profile grants only the policy's capabilities.
  const grants = ir.network.grants;
  const granted = (family: string, type: string): boolean => grants.some((g) => g.family === family && (g.type === null || g.type === type));
  const netRaw = ir.capabilities.includes('CAP_NET_RAW');
  const socket = (family: string, type: string, needsNetRaw: boolean): Outcome =>
    !granted(family, type) ? EACCES : needsNetRaw && !netRaw ? EPERM : OK;
  add({ label: 'socket inet raw', argv: ['socket', 'inet', 'raw'], confined: socket('inet', 'raw', true), control: OK });
  add({ label: 'socket packet raw', argv: ['socket', 'packet', 'raw'], confined: socket('packet', 'raw', true), control: OK });
  add({ label: 'socket inet stream', argv: ['socket', 'inet', 'stream'], confined: socket('inet', 'stream', false), control: OK });

  // Mount: refused by `deny mount` before the kernel's CAP_SYS_ADMIN check (path_mount calls the
  // LSM hook first), so EACCES, while the unconfined root mounts a tmpfs.
  add({ label: 'mount /mnt tmpfs', argv: ['mount', '/mnt', 'tmpfs'], confined: EACCES, control: OK });

  // With `exec` rules, the probe runs from a path they allow; any other program is refused.
  let probeBin = PROBE_IN_GUEST;
  if (fs.execRestricted) {
    const execs = fs.paths.filter((r) => r.access === 'exec').map((r) => r.path);
    probeBin = sampleOf(execs.find((p) => !hasGlob(p)) ?? execs[0]!);
    setup.push(`mkdir -p ${shellWord(dirname(probeBin))} && cp ${PROBE_IN_GUEST} ${shellWord(probeBin)}`);
    if (!covered(PROBE_IN_GUEST, execs))
      add({ label: `exec ${PROBE_IN_GUEST}`, argv: ['read', '/etc/passwd'], program: PROBE_IN_GUEST, confined: EXEC_REFUSED, control: OK });
  }

  for (const p of extras.probes ?? []) add(p);
  return { key, profileName: ir.apparmor.profileName, profileText, setup: setup.join('\n'), probeBin, probes };
}

/**
 * The script that makes every probe of a plan: one `LABEL<TAB>OUTCOME` line each, whatever fails.
 * A refused exec prints the shell's `…: Permission denied`, which `parseProbeOutput` names.
 */
export function probeScript(plan: ProbePlan): string {
  const lines = [`P=${shellWord(plan.probeBin)}`, `line() { printf '%s\\t%s\\n' "$1" "$2"; }`];
  for (const p of plan.probes) {
    if (p.argv === null) {
      lines.push(`a=; read -r a </proc/self/attr/current; line ${shellWord(p.label)} "$a"`);
      continue;
    }
    const program = p.program ? shellWord(p.program) : '"$P"';
    lines.push(`line ${shellWord(p.label)} "$(${program} ${p.argv.map(shellWord).join(' ')} 2>&1)"`);
  }
  return `${lines.join('\n')}\n`;
}

/** The outcome of each probe in a script's output, by label. */
export function parseProbeOutput(output: string): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const line of output.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const value = line.slice(tab + 1);
    out[line.slice(0, tab)] = /: Permission denied$/.test(value) ? EXEC_REFUSED : value;
  }
  return out;
}

/** What a plan expects of its confined run, or of its control, by label. */
export function expected(plan: ProbePlan, run: 'confined' | 'control'): Record<string, Outcome> {
  return Object.fromEntries(plan.probes.map((p) => [p.label, p[run]]));
}

/**
 * The VM case of a plan. Its setup (run unconfined as root just before the probe) creates the
 * files, then runs the very same probe script unconfined: that control run's lines are the setup's
 * output. One case per plan, because every case costs the VM far more than a probe does.
 */
export function vmCase(plan: ProbePlan, timeoutSeconds = 20): AppArmorCase {
  const script = probeScript(plan);
  const setup = `set -e\n${plan.setup}\nset +e\n(\n${script})\nexit 0\n`;
  return { name: plan.key, profileName: plan.profileName, profileText: plan.profileText, probeScript: script, setup, timeoutSeconds };
}
