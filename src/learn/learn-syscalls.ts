/**
 * A recording → the policy's learned `syscalls` section, and the figures of the summary.
 *
 * What is learned: every call observed on the architectures the policy targets, except what the
 * filter already lets through without the file saying so (the runtime baseline; clone3, which keeps
 * its ENOSYS rule so that libc falls back to clone; what a base policy allows), and except what the
 * policy denies (its `deny` statements are security intent and stay). The file's own `allow`
 * statements are replaced by the learned ones; `default`, `baseline` and `deny` stay as written.
 *
 * Conditions, where the recorder saw arguments (strace) and they narrow something secpol does not
 * already narrow: `socket`/`socketpair` families (only those the policy's `protocols` grant: the
 * others are refused whatever the rule says) and types under SOCK_TYPE_MASK; `ioctl` requests; `prctl`
 * options; `clone` limited to new threads when no process was created through it. Every value is
 * compared at the 32 bits the kernel reads these arguments in (data/syscall-args.ts).
 *
 * Groups: a learned name list is written with `@group` only where every member of the group that
 * exists on the learned architectures was observed (or is allowed anyway): a group then adds nothing
 * the workload did not use.
 *
 * Architectures: a call recorded on x86_64 says nothing of what the workload calls on aarch64 (libc
 * calls `openat` there for `open`, `ppoll` for `poll`), and a name missing on a target architecture
 * cannot be written by name (E0303). So the learned section is for the architectures the recording
 * saw, and `arch` is written when that narrows the policy's.
 */
import { syscallsFor, capabilitiesGating, CAPABILITIES_WITH_SYSCALLS } from '../compiler/data/capability-syscalls.js';
import { CONSTANT_NAMES, constantValue } from '../compiler/data/constants.js';
import { RUNTIME_BASELINE_NNP, RUNTIME_BASELINE_NO_NNP, SYSCALL_GROUPS } from '../compiler/data/syscall-groups.js';
import { syscallExists } from '../compiler/data/syscall-table.js';
import { CLONE_NAMESPACE_FLAGS } from '../compiler/data/syscall-restrictions.js';
import { COMPANION_OF } from '../compiler/data/arches.js';
import { compile } from '../compiler/compile.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { renderText } from '../compiler/diagnostics/render.js';
import type { Arch, PolicyIR } from '../compiler/ir.js';
import { resolveSyscalls } from '../compiler/syscall-rules.js';
import { FAMILY_CONSTANT, SOCK_TYPE_MASK } from '../compiler/syscall-filter.js';
import { applySection } from './apply-learned.js';
import { cmp } from './recorded-calls.js';
import { IncompleteRecordingError, LearnedPolicyError, NothingRecordedError, type ArchCount, type LearnPolicy, type LearnResult } from './learn-result.js';
import type { ObservedCall, Recording } from './recording.js';

const U32 = 0xffffffffn;
const CLONE_THREAD = 0x10000n;

/** Turns a recording into the syscalls section for the compiled policy; see the file comment. */
export function learnSyscalls(recording: Recording, policy: LearnPolicy): LearnResult {
  if (recording.lost > 0) throw new IncompleteRecordingError(recording.lost);
  if (recording.calls.length === 0) throw new NothingRecordedError();
  const { ir } = policy;
  const w = policy.compiled.workload;
  if (!w) throw new LearnedPolicyError(`${policy.fileName} has no compiled workload`);
  const targets = ir.seccomp.architectures;
  const recorded = new Set(recording.calls.map((c) => c.arch));
  let arches = targets.filter((a) => recorded.has(a));
  // A companion needs its 64-bit architecture in `arch`.
  for (const a of [...arches]) {
    const primary = COMPANION_OF[a];
    if (primary && !arches.includes(primary)) arches = targets.filter((t) => t === primary || arches.includes(t));
  }
  const notes: string[] = [];
  if (arches.length === 0) arches = [...targets];
  const onArches = recording.calls.filter((c) => arches.includes(c.arch));
  const offTarget = recording.calls.filter((c) => !targets.includes(c.arch)).map((c) => `${c.arch}:${c.name}`);
  const exists = (n: string): boolean => arches.some((a) => syscallExists(n, a));

  const observedAll = new Set(onArches.map((c) => c.name));
  const baselineOn = w.syscalls.baseline?.value !== false;
  const baseline = new Set(baselineOn ? (ir.noNewPrivileges ? RUNTIME_BASELINE_NNP : RUNTIME_BASELINE_NO_NNP).filter(exists) : []);
  const mentionsClone3 = w.syscalls.rules.some((r) => r.targets.some((t) => t.value.kind === 'name' && t.value.name === 'clone3'));

  // What the policy says without this file's allow statements: the bases' allows, and every deny.
  const own = (r: { span: { file: { name: string } } }): boolean => r.span.file.name === policy.fileName;
  const withoutOwnAllows = { ...w, syscalls: { ...w.syscalls, rules: w.syscalls.rules.filter((r) => !(r.verb === 'allow' && own(r))) } };
  const others = resolveSyscalls(withoutOwnAllows, arches);
  const baseAllowed = new Set([...others].filter(([, g]) => g.verb === 'allow' && !g.baseline && g.rules.length > 0).map(([n]) => n));
  const denied = new Set([...others].filter(([, g]) => g.verb === 'deny' && g.rules.length > 0).map(([n]) => n));
  const before = allowedNames(ir, targets);
  const ownBefore = new Set([...before].filter((n) => !baseline.has(n) && !baseAllowed.has(n)));

  const learned = new Set<string>();
  const deniedObserved: string[] = [];
  for (const n of observedAll) {
    if (baseline.has(n) || baseAllowed.has(n) || (n === 'clone3' && !mentionsClone3)) continue;
    // A file that allowed what its base denies overrides the base; learning keeps that.
    if (denied.has(n) && !ownBefore.has(n)) deniedObserved.push(n);
    else learned.add(n);
  }

  // A name missing on one of the learned architectures cannot be allowed by name (E0303): a call
  // only a 32-bit companion has (socketcall), or one it lacks (newfstatat), beside the other.
  const partial = [...learned].filter((n) => !arches.every((a) => syscallExists(n, a))).sort(cmp);
  for (const n of partial) learned.delete(n);
  if (partial.length > 0)
    notes.push(`not learned, missing on one of ${arches.join(', ')} so not allowed by name (E0303): ${partial.join(', ')}; learn with a policy for one architecture to cover ${partial.length === 1 ? 'it' : 'them'}`);

  // A granted capability whose syscalls were all unobserved would leave the learned policy
  // contradicting itself (E0403): those the file allowed stay, and the summary names the capability.
  const unusedCapabilities: string[] = [];
  for (const cap of ir.capabilities) {
    const needs = syscallsFor(cap).filter(exists);
    if (needs.length === 0 || needs.some((n) => observedAll.has(n))) continue;
    unusedCapabilities.push(`${cap} (${needs.join(', ')})`);
    if (needs.some((n) => learned.has(n) || baseline.has(n) || baseAllowed.has(n))) continue;
    const kept = needs.filter((n) => ownBefore.has(n));
    for (const n of kept) learned.add(n);
    if (kept.length > 0) notes.push(`kept ${kept.join(', ')} unobserved: ${cap} is granted for ${kept.length === 1 ? 'it' : 'them'}; drop the capability and learn again to remove ${kept.length === 1 ? 'it' : 'them'}`);
  }

  // Conditions.
  const grantedFamilies = new Set(ir.network.grants.map((g) => constantValue(FAMILY_CONSTANT[g.family])!));
  const conditional: string[] = [];
  const plain = new Set<string>();
  const unrestrictedClone = w.syscalls.rules.some((r) => own(r) && r.unrestricted !== null && r.targets.some((t) => t.value.name === 'clone'));
  // The file's own conditional allows, by name: a call learned without a condition of its own keeps
  // the user's (an audit recording cannot narrow `personality if arg0 == 0`, and must not widen it).
  const ownConditions = new Map<string, string[]>();
  for (const r of w.syscalls.rules)
    if (r.verb === 'allow' && own(r) && r.conditions.length > 0)
      for (const t of r.targets)
        if (t.value.kind === 'name') ownConditions.set(t.value.name, [...(ownConditions.get(t.value.name) ?? []), `allow ${t.value.name} if ${r.conditions.map((c) => c.text).join(' and ')}`]);
  for (const n of [...learned].sort(cmp)) {
    const values = argValues(onArches.filter((c) => c.name === n));
    const statements = (values ? conditionsFor(n, values, grantedFamilies, notes, unrestrictedClone) : null) ?? ownConditions.get(n) ?? null;
    if (statements === null) plain.add(n);
    else if (statements.length > 0) conditional.push(...statements);
    else learned.delete(n); // nothing it was called with may pass
  }
  if (unrestrictedClone && plain.has('clone')) {
    plain.delete('clone');
    conditional.push('allow clone unrestricted');
  }

  // Groups, largest first, each only when it adds nothing unobserved and is not already covered.
  const covered = new Set([...observedAll, ...baseline, ...baseAllowed]);
  const groups: string[] = [];
  const inGroup = new Set<string>();
  const candidates = SYSCALL_GROUPS.filter((g) => g.name !== 'docker-default')
    .map((g) => ({ name: g.name, members: g.syscalls.filter(exists) }))
    .sort((a, b) => b.members.length - a.members.length || cmp(a.name, b.name));
  for (const g of candidates) {
    if (g.members.length === 0 || !g.members.every((m) => covered.has(m) && !denied.has(m))) continue;
    if (g.members.some((m) => learned.has(m) && !plain.has(m))) continue; // a conditional member keeps its condition
    if (g.members.every((m) => inGroup.has(m) || !plain.has(m))) continue;
    groups.push(`@${g.name}`);
    for (const m of g.members) inGroup.add(m);
  }
  const names = [...plain].filter((n) => !inGroup.has(n)).sort(cmp);
  const statements = [...(groups.length + names.length > 0 ? [`allow ${[...groups.sort(cmp), ...names].join(', ')}`] : []), ...conditional];

  const archChanged = arches.length !== targets.length;
  const archStatement = archChanged ? `arch ${arches.join(', ')}` : null;
  if (archChanged) {
    const dropped = targets.filter((a) => !arches.includes(a));
    notes.push(`arch narrowed to ${arches.join(', ')}: the recording saw no call on ${dropped.join(', ')}; learn on ${dropped.length === 1 ? 'that architecture' : 'those architectures'} to cover ${dropped.length === 1 ? 'it' : 'them'}`);
  }

  // The learned text must compile: its figures come from its own IR.
  const text = applySection(policy.text, policy.fileName, { statements, archStatement });
  const after = compile(policy.fileName, text, policy.host);
  if (!after.ir || hasErrors(after.diagnostics))
    throw new LearnedPolicyError(`the learned policy does not compile:\n${after.diagnostics.map((d) => renderText(d, { color: false })).join('\n')}`);
  const afterNames = allowedNames(after.ir, after.ir.seccomp.architectures);

  const counts: ArchCount[] = [...new Set([...targets, ...arches])].map((arch) => ({
    arch,
    before: targets.includes(arch) ? allowedNames(ir, [arch]).size : null,
    after: after.ir!.seccomp.architectures.includes(arch) ? allowedNames(after.ir!, [arch]).size : null,
    baseline: [...baseline].filter((n) => syscallExists(n, arch)).length,
    dockerDefault: SYSCALL_GROUPS.find((g) => g.name === 'docker-default')!.syscalls.filter((n) => syscallExists(n, arch)).length,
  }));

  const permissionDenied = new Set(recording.permissionDenied ?? []);
  const capabilityHints = [...permissionDenied]
    .map((n) => ({ n, caps: capabilitiesOf(n) }))
    .filter((x) => x.caps.length > 0)
    .map((x) => `${x.n} (${x.caps.join(', ')})`);

  return {
    recorder: recording.recorder,
    statements,
    archStatement,
    arches,
    archesBefore: targets,
    observed: [...observedAll].filter((n) => !baseline.has(n)).sort(cmp),
    observedAll: [...observedAll].sort(cmp),
    newlyAllowed: [...afterNames].filter((n) => !before.has(n)).sort(cmp),
    neverObserved: [...ownBefore].filter((n) => !observedAll.has(n) && !afterNames.has(n)).sort(cmp),
    baseNeverObserved: [...baseAllowed].filter((n) => !observedAll.has(n)).sort(cmp),
    deniedObserved: deniedObserved.sort(cmp),
    offTarget: [...new Set(offTarget)].sort(cmp),
    writtenPaths: recording.writtenPaths,
    unresolvedPaths: recording.unresolvedPaths ?? 0,
    capabilityHints: capabilityHints.sort(cmp),
    unusedCapabilities: unusedCapabilities.sort(cmp),
    unknown: recording.unknown,
    notes,
    counts,
  };
}

/** The names some allow-action rule lets through on any of `arches`. */
function allowedNames(ir: PolicyIR, arches: readonly Arch[]): Set<string> {
  const out = new Set<string>();
  for (const r of ir.seccomp.rules) if (r.action.kind === 'allow' && r.arches.some((a) => arches.includes(a))) for (const n of r.names) if (arches.some((a) => syscallExists(n, a))) out.add(n);
  return out;
}

/** The values each recorded argument took over every call of one name, or null when some call's arguments were not seen. */
function argValues(calls: readonly ObservedCall[]): Map<number, Set<bigint>> | null {
  if (calls.length === 0 || calls.some((c) => !c.args)) return null;
  const out = new Map<number, Set<bigint>>();
  for (const c of calls)
    for (const [i, vs] of c.args!) {
      let s = out.get(i);
      if (!s) out.set(i, (s = new Set()));
      for (const v of vs) s.add(v);
    }
  return out;
}

/**
 * The conditional allow statements for one call, null when it is written by name only, [] when no
 * value it was called with can pass anyway (a socket family the protocols do not grant).
 */
function conditionsFor(name: string, values: Map<number, Set<bigint>>, grantedFamilies: ReadonlySet<number>, notes: string[], unrestrictedClone: boolean): string[] | null {
  const low32 = (i: number): number[] => [...new Set([...(values.get(i) ?? [])].map((v) => Number(v & U32)))].sort((a, b) => a - b);
  if (name === 'socket' || name === 'socketpair') {
    const families = low32(0);
    const types = [...new Set(low32(1).map((t) => t & SOCK_TYPE_MASK))].sort((a, b) => a - b);
    if (families.length === 0 || types.length === 0) return null;
    const refused = families.filter((f) => !grantedFamilies.has(f));
    if (refused.length > 0) notes.push(`${name} was called with ${refused.map((f) => constantName(f, /^AF_/)).join(', ')}, which the policy's protocols do not grant: the learned filter refuses ${refused.length === 1 ? 'it' : 'them'} as before`);
    const kept = families.filter((f) => grantedFamilies.has(f));
    if (kept.length === 0) return [];
    const fam = kept.length === 1 ? `arg0 == ${constantName(kept[0]!, /^AF_/)}` : `arg0 in [${kept.map((f) => constantName(f, /^AF_/)).join(', ')}]`;
    return types.map((t) => `allow ${name} if ${fam} and arg1 & SOCK_TYPE_MASK == ${constantName(t, /^SOCK_(?!TYPE_MASK|NONBLOCK|CLOEXEC)/)}`);
  }
  if (name === 'ioctl') return [inList(name, 1, low32(1), /^(FIO|TC|TIOC)/)];
  if (name === 'prctl') return [inList(name, 0, low32(0), /^PR_/)];
  if (name === 'clone' && !unrestrictedClone) {
    // Only threads were created through clone: say so, and keep the namespace flags out as secpol's own restriction does.
    const flags = [...(values.get(0) ?? [])];
    if (flags.length === 0 || !flags.every((f) => (f & CLONE_THREAD) !== 0n && (f & BigInt(CLONE_NAMESPACE_FLAGS)) === 0n)) return null;
    // The mask is CLONE_THREAD and the namespace flags (data/syscall-restrictions.ts), as a number: the
    // names ORed would make a line fmt cannot break.
    return [`allow clone if arg0 & 0x${(Number(CLONE_THREAD) | CLONE_NAMESPACE_FLAGS).toString(16)} == CLONE_THREAD`];
  }
  return null;
}

function inList(name: string, index: number, vs: readonly number[], prefix: RegExp): string {
  const shown = vs.map((v) => constantName(v, prefix));
  return vs.length === 1 ? `allow ${name} if arg${index} == ${shown[0]}` : `allow ${name} if arg${index} in [${shown.join(', ')}]`;
}

const PREFERRED = new Set(['AF_UNIX', 'AF_NETLINK']);

/** The constant secpol knows for a value (among names matching `prefix`, the same on every architecture), else the number in hex. */
function constantName(v: number, prefix: RegExp): string {
  const names = CONSTANT_NAMES.filter((n) => prefix.test(n) && constantValue(n) === v);
  return names.find((n) => PREFERRED.has(n)) ?? names[0] ?? `0x${v.toString(16)}`;
}

/** The capabilities that govern a call (capabilities(7)), canonical names, sorted. */
function capabilitiesOf(name: string): string[] {
  const caps = new Set(capabilitiesGating(name) ?? []);
  for (const c of CAPABILITIES_WITH_SYSCALLS) if (syscallsFor(c).includes(name)) caps.add(c);
  return [...caps].sort(cmp);
}
