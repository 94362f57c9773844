/**
 * The Docker seccomp profile (`docker run --security-opt seccomp=FILE`, Compose `security_opt`),
 * in the format of moby/profiles `seccomp/default.json`. Docker does not hand this file to runc as
 * is: at container creation it keeps the `archMap` entry of the daemon's own architecture, drops
 * the rules whose `includes` do not match, and writes the rest as OCI `linux.seccomp`.
 */
import type { Arch, PolicyIR, SeccompIR, SeccompRule } from '../compiler/ir.js';
import type { Artifact } from './artifact.js';
import { PRIMARY_OF, SCMP_ARCH, type ScmpRule, checkArchitectures, checkRulesAreDisjoint, describeOrigin, errnoOf, isPartial, scmpAction, scmpRule } from './seccomp-common.js';

/**
 * The names `includes.arches` is compared with: moby maps the daemon's GOARCH to these (`goToNative`:
 * 386 → x86, amd64 → amd64, arm64 → arm64, arm → arm). No Go port reports x32; default.json still
 * lists it, and so do we, to keep the profile's vocabulary.
 */
const DOCKER_ARCH: Readonly<Record<Arch, string>> = {
  x86_64: 'amd64',
  x86: 'x86',
  x32: 'x32',
  aarch64: 'arm64',
  arm: 'arm',
};

interface DockerSyscall extends ScmpRule {
  readonly comment: string;
  readonly includes?: { readonly arches: readonly string[] };
}

interface DockerProfile {
  readonly defaultAction: string;
  readonly defaultErrnoRet?: number;
  readonly archMap: readonly { readonly architecture: string; readonly subArchitectures: readonly string[] }[];
  readonly syscalls: readonly DockerSyscall[];
}

/** Emits `NAME.seccomp.json`, the workload's seccomp filter as a Docker seccomp profile. */
export function emitSeccomp(ir: PolicyIR): Artifact[] {
  return [{ path: `${ir.name}.seccomp.json`, content: `${JSON.stringify(dockerProfile(ir.seccomp), null, 2)}\n` }];
}

function dockerProfile(seccomp: SeccompIR): DockerProfile {
  checkArchitectures(seccomp);
  checkRulesAreDisjoint(seccomp);
  return {
    defaultAction: scmpAction(seccomp.defaultAction),
    // Docker 20.10 drops this field (moby copies it to the OCI spec since 23.0, moby#42604), so
    // there the default errno is always runc's EPERM; a rule's `errnoRet` works in both.
    defaultErrnoRet: errnoOf(seccomp.defaultAction),
    // Only `archMap`: moby refuses a profile that has both it and `architectures`.
    archMap: archMap(seccomp),
    syscalls: seccomp.rules.map((rule) => dockerSyscall(rule, seccomp)),
  };
}

/**
 * One entry per primary architecture, its declared companions nested under it. A primary without
 * companions gets `subArchitectures: []` rather than default.json's `null`: moby appends either the
 * same way, and an array keeps the field one JSON type. Leaving a companion out is a choice with
 * teeth: libseccomp's bad-architecture action kills a 32-bit binary on the first syscall it makes.
 */
function archMap(seccomp: SeccompIR): DockerProfile['archMap'] {
  return seccomp.primaryArches.map((primary) => ({
    architecture: SCMP_ARCH[primary],
    subArchitectures: seccomp.architectures.filter((arch) => PRIMARY_OF[arch] === primary).map((arch) => SCMP_ARCH[arch]),
  }));
}

function dockerSyscall(rule: SeccompRule, seccomp: SeccompIR): DockerSyscall {
  return {
    ...scmpRule(rule, seccomp),
    comment: describeOrigin(rule),
    includes: isPartial(rule, seccomp) ? { arches: includeArches(rule) } : undefined,
  };
}

/**
 * The daemon architectures a partial rule must be kept on. moby tests `includes.arches` against
 * the daemon's own architecture only, then loads one filter for it and its companions, so a rule
 * for a companion must also name the companion's primary: `arches [x86]` becomes `amd64, x86`, or
 * an amd64 daemon would drop the rule and 32-bit binaries would lose the call. On the other
 * architectures of that filter libseccomp skips a name the architecture does not have (the IR
 * makes a rule partial exactly for such names), so the rule lands where it belongs.
 */
function includeArches(rule: SeccompRule): string[] {
  const names = new Set<string>();
  for (const arch of rule.arches) {
    names.add(DOCKER_ARCH[arch]);
    const primary = PRIMARY_OF[arch];
    if (primary !== null) names.add(DOCKER_ARCH[primary]);
  }
  return [...names].sort();
}
