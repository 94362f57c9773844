import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ENGINE_BIN, ENGINE_PATHS } from './engines.js';
import { run } from './run.js';

/**
 * Enforces AppArmor profiles for real, on a host whose own kernel has no AppArmor: boots the Debian
 * cloud kernel (AppArmor built in) once under qemu's software emulation, loads every profile with
 * apparmor_parser, runs each case's probe script confined by its profile and reads the results
 * from the serial console.
 *
 * The initramfs is two gzip'd newc cpio archives in one file, which the kernel unpacks in order
 * (Documentation/driver-api/early-userspace/buffer-format.rst): the base one that
 * scripts/setup-engines.sh builds (busybox, /bin/secpol-probe, apparmor_parser and its libraries,
 * /etc/apparmor.d's abi, tunables and abstractions, /etc/apparmor, /usr/share/apparmor-features)
 * and a small one written here with /init, the profiles and the cases.
 */

/**
 * One confined run: `probeScript` runs under `sh -c` confined by profile `profileName`, with `/` as
 * working directory. Cases run in order in one VM, so a case sees the files earlier ones made.
 */
export interface AppArmorCase {
  /** Unique key of this case in the result map; any text. */
  readonly name: string;
  /** The profile's name as declared in `profileText` (what `/proc/self/attr/exec` is given). */
  readonly profileName: string;
  readonly profileText: string;
  /** Shell commands run confined; their stdout+stderr and exit status are the result. */
  readonly probeScript: string;
  /** Shell commands run unconfined as root just before the probe, e.g. to create files to probe. */
  readonly setup?: string;
  /** Seconds before the probe is killed (exit status 137); default 30. */
  readonly timeoutSeconds?: number;
}

/** What one case left behind. */
export interface AppArmorCaseResult {
  /** The probe's stdout and stderr, interleaved as written. */
  readonly output: string;
  /** The probe's exit status; 126 when the profile could not be entered, 137 when it was killed. */
  readonly exitCode: number;
  /** Whether `apparmor_parser -r` loaded this case's profile. */
  readonly profileLoaded: boolean;
  /** apparmor_parser's output for this case's profile (empty when it loaded silently). */
  readonly loadOutput: string;
  /** Output of the case's setup snippet, and its exit status. */
  readonly setupOutput: string;
  readonly setupExitCode: number;
}

/** Options of `runInAppArmorVM`. */
export interface AppArmorVMOptions {
  /** Kill the VM after this long (default: 60 s + each case's time limit + 5 s per case). */
  readonly timeoutMs?: number;
}

/** ENGINES.md's qemu command line (KVM is unavailable here: TCG only), plus `-nic none`. */
export function qemuArgs(kernel: string, initrd: string): string[] {
  return [
    '-accel', 'tcg', '-m', '512', '-cpu', 'max', '-smp', '1',
    '-kernel', kernel, '-initrd', initrd,
    '-append', 'console=ttyS0 quiet apparmor=1 security=apparmor panic=-1',
    '-nographic', '-no-reboot',
    // No network device: the guest only needs loopback and must not reach any network.
    '-nic', 'none',
  ];
}

// The guest's /init. It reads every case from files under /secpol, so no case text is ever pasted
// into shell syntax. Results go to the serial console between markers, base64-encoded so that
// nothing a probe prints can forge a marker. The probe's stdout is a pipe: AppArmor revalidates
// inherited files on exec, and a pipe (unlike the console) needs no rule in the profile.
const INIT_SCRIPT = `#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t securityfs securityfs /sys/kernel/security
mount -t devtmpfs devtmpfs /dev
dmesg -n 1
mkdir -p /secpol/run
# Kills every confined process: what a probe left behind would hold the output pipe open.
kill_confined() {
  for attr in /proc/[0-9]*/attr/current; do
    label=$(cat "$attr" 2>/dev/null) || continue
    [ -n "$label" ] && [ "$label" != unconfined ] || continue
    pid=\${attr#/proc/}
    kill -9 "\${pid%%/*}" 2>/dev/null
  done
}
echo "@@secpol boot $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)@@"
for p in /secpol/profiles/*; do
  [ -f "$p" ] || continue
  apparmor_parser -r "$p" >/secpol/run/load.out 2>&1
  rc=$?
  echo "@@secpol load $(basename "$p") rc=$rc@@"
  base64 /secpol/run/load.out
  echo "@@secpol load-end@@"
done
for c in /secpol/cases/*; do
  [ -d "$c" ] || continue
  i=$(basename "$c")
  (cd / && sh "$c/setup.sh") </dev/null >/secpol/run/setup.out 2>&1
  rc=$?
  echo "@@secpol setup $i rc=$rc@@"
  base64 /secpol/run/setup.out
  echo "@@secpol setup-end@@"
  script=$(cat "$c/probe.sh")
  profile=$(cat "$c/profile-name")
  limit=$(cat "$c/timeout")
  (
    (
      cd /
      echo "exec $profile" >/proc/self/attr/exec || exit 126
      exec /bin/sh -c "$script"
    ) </dev/null 2>&1 &
    probe=$!
    # The watchdog must not hold the pipe open, or base64 would wait for it.
    (sleep "$limit"; kill -9 "$probe") >/dev/null 2>&1 &
    watchdog=$!
    wait "$probe"
    echo $? >/secpol/run/rc
    kill "$watchdog" 2>/dev/null
    kill_confined
  ) | base64 >/secpol/run/out.b64
  echo "@@secpol begin $i@@"
  cat /secpol/run/out.b64
  echo "@@secpol end $i rc=$(cat /secpol/run/rc)@@"
done
echo "@@secpol done@@"
poweroff -f
`;

/** One file, folder or device in a cpio archive. */
export interface CpioEntry {
  readonly path: string;
  /** Full st_mode, e.g. 0o100644 for a file, 0o40755 for a folder, 0o20600 for a char device. */
  readonly mode: number;
  readonly data?: Buffer;
  readonly rdev?: readonly [major: number, minor: number];
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');
const pad4 = (n: number): Buffer => Buffer.alloc((4 - (n % 4)) % 4);

/** Writes a cpio archive in the kernel's `newc` format (magic 070701), owned by root, mtime 0. */
export function newcArchive(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  const all: CpioEntry[] = [...entries, { path: 'TRAILER!!!', mode: 0 }];
  all.forEach((entry, index) => {
    const data = entry.data ?? Buffer.alloc(0);
    const name = Buffer.from(`${entry.path}\0`, 'utf8');
    const fields = [
      index + 1, entry.mode, 0, 0, 1, 0, data.length,
      0, 0, entry.rdev?.[0] ?? 0, entry.rdev?.[1] ?? 0, name.length, 0,
    ];
    const header = Buffer.from(`070701${fields.map(hex8).join('')}`, 'ascii');
    parts.push(header, name, pad4(header.length + name.length), data, pad4(data.length));
  });
  return Buffer.concat(parts);
}

const dir = (p: string): CpioEntry => ({ path: p, mode: 0o40755 });
const file = (p: string, text: string, mode = 0o100644): CpioEntry => ({ path: p, mode, data: Buffer.from(text, 'utf8') });

const caseTimeoutSeconds = (c: AppArmorCase): number => {
  const seconds = c.timeoutSeconds ?? 30;
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`runInAppArmorVM: invalid timeoutSeconds ${seconds} in ${JSON.stringify(c.name)}`);
  return seconds;
};

/** The per-run archive: /init, /dev/console, one file per distinct profile and a folder per case. */
export function caseArchive(cases: readonly AppArmorCase[]): { archive: Buffer; profileIndex: Map<string, string> } {
  const entries: CpioEntry[] = [
    dir('dev'),
    { path: 'dev/console', mode: 0o20600, rdev: [5, 1] },
    file('init', INIT_SCRIPT, 0o100755),
    dir('secpol'),
    dir('secpol/profiles'),
    dir('secpol/cases'),
  ];
  const profileIndex = new Map<string, string>();
  const profileTexts = new Map<string, string>();
  for (const c of cases) {
    const known = profileTexts.get(c.profileName);
    if (known !== undefined && known !== c.profileText)
      throw new Error(`runInAppArmorVM: two different texts for profile ${JSON.stringify(c.profileName)}`);
    if (known !== undefined) continue;
    const id = String(profileIndex.size).padStart(3, '0');
    profileTexts.set(c.profileName, c.profileText);
    profileIndex.set(c.profileName, id);
    entries.push(file(`secpol/profiles/${id}`, c.profileText));
  }
  cases.forEach((c, index) => {
    const id = `secpol/cases/${String(index).padStart(3, '0')}`;
    entries.push(
      dir(id),
      file(`${id}/profile-name`, c.profileName),
      file(`${id}/probe.sh`, c.probeScript),
      file(`${id}/setup.sh`, c.setup ?? ''),
      file(`${id}/timeout`, String(caseTimeoutSeconds(c))),
    );
  });
  return { archive: newcArchive(entries), profileIndex };
}

/** One marked block of the console: a profile load, a case's setup or a case's probe. */
export interface Block {
  readonly kind: string;
  readonly id: string;
  readonly rc: number;
  readonly text: string;
}

const MARKER = /@@secpol (load|setup|begin) (\S+)(?: rc=(\d+))?@@$/;
const END_MARKER = /@@secpol (?:load-end|setup-end|end \S+ rc=(\d+))@@$/;
const BASE64_LINE = /^[A-Za-z0-9+/=]+$/;
// The firmware resets the terminal (ESC c, ESC [2J ...) right before the kernel starts.
const TERMINAL_ESCAPES = /\x1b(?:\[[0-9;?]*[A-Za-z]|c)/g;

/** What /init printed on the serial console, decoded. Pure. */
export interface ConsoleReport {
  readonly blocks: readonly Block[];
  /** AppArmor's `enabled` module parameter as /init saw it ('Y'), or null if /init never ran. */
  readonly apparmorEnabled: string | null;
  /** Whether /init got past the last case. */
  readonly done: boolean;
}

/** Finds the marked, base64-encoded blocks that /init printed on the console. Pure. */
export function parseConsole(consoleText: string): ConsoleReport {
  const lines = consoleText.split('\n').map((line) => line.replace(TERMINAL_ESCAPES, '').replace(/\r/g, ''));
  const blocks: Block[] = [];
  let open: { kind: string; id: string; rc: number; b64: string[] } | null = null;
  let apparmorEnabled: string | null = null;
  let done = false;
  for (const line of lines) {
    const boot = /@@secpol boot (\S*)@@$/.exec(line);
    if (boot) apparmorEnabled = boot[1] ?? '';
    if (line.endsWith('@@secpol done@@')) done = true;
    const start = MARKER.exec(line);
    if (start) {
      open = { kind: start[1]!, id: start[2]!, rc: Number(start[3] ?? -1), b64: [] };
      continue;
    }
    const end = END_MARKER.exec(line);
    if (end && open) {
      const rc = end[1] === undefined ? open.rc : Number(end[1]);
      blocks.push({ kind: open.kind, id: open.id, rc, text: Buffer.from(open.b64.join(''), 'base64').toString('utf8') });
      open = null;
      continue;
    }
    if (open && BASE64_LINE.test(line)) open.b64.push(line);
  }
  return { blocks, apparmorEnabled, done };
}

/**
 * Boots one VM for all `cases` and returns each case's result by name. Throws when the VM does not
 * boot, run every case and power off within the time limit, with the console's tail in the message.
 */
export async function runInAppArmorVM(
  cases: readonly AppArmorCase[],
  options: AppArmorVMOptions = {},
): Promise<Map<string, AppArmorCaseResult>> {
  const names = new Set(cases.map((c) => c.name));
  if (names.size !== cases.length) throw new Error('runInAppArmorVM: case names must be unique');
  const { archive, profileIndex } = caseArchive(cases);
  const work = mkdtempSync(path.join(os.tmpdir(), 'secpol-apparmor-vm-'));
  try {
    const initrd = path.join(work, 'initrd.gz');
    writeFileSync(initrd, Buffer.concat([readFileSync(ENGINE_PATHS.vmBaseInitrd), gzipSync(archive)]));
    const timeoutMs = options.timeoutMs ?? 60_000 + cases.reduce((sum, c) => sum + (caseTimeoutSeconds(c) + 5) * 1000, 0);
    const result = await run(ENGINE_BIN.qemu, qemuArgs(ENGINE_PATHS.vmKernel, initrd), { timeoutMs });
    const parsed = parseConsole(result.stdout);
    const tail = (): string => `${result.stdout}\n${result.stderr}`.split('\n').slice(-40).join('\n');
    if (result.timedOut) throw new Error(`AppArmor VM killed after ${timeoutMs} ms; console tail:\n${tail()}`);
    if (parsed.apparmorEnabled === null) throw new Error(`AppArmor VM did not reach /init; console tail:\n${tail()}`);
    if (parsed.apparmorEnabled !== 'Y')
      throw new Error(`AppArmor is not enabled in the VM's kernel (enabled=${parsed.apparmorEnabled}); console tail:\n${tail()}`);
    if (!parsed.done) throw new Error(`AppArmor VM stopped before the last case; console tail:\n${tail()}`);

    const find = (kind: string, id: string): Block | undefined => parsed.blocks.find((b) => b.kind === kind && b.id === id);
    const results = new Map<string, AppArmorCaseResult>();
    cases.forEach((c, index) => {
      const id = String(index).padStart(3, '0');
      const load = find('load', profileIndex.get(c.profileName)!);
      const setup = find('setup', id);
      const probe = find('begin', id);
      if (!load || !setup || !probe) throw new Error(`AppArmor VM printed no result for case ${JSON.stringify(c.name)}; console tail:\n${tail()}`);
      results.set(c.name, {
        output: probe.text,
        exitCode: probe.rc,
        profileLoaded: load.rc === 0,
        loadOutput: load.text,
        setupOutput: setup.text,
        setupExitCode: setup.rc,
      });
    });
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
