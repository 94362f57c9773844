/**
 * `--security-module`: the artifacts carry only the settings of the modules the hosts run. For every
 * example, golden case and fixture, each choice leaves out exactly the AppArmor or SELinux settings,
 * and changes nothing else; both (the default) is the artifacts as they always were.
 */
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { SecurityModule } from '../../src/emitters/artifact.js';
import { emitAll, TARGETS } from '../../src/emitters/index.js';
import { BUILT } from '../support/cases.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const files = (c: (typeof BUILT)[number], modules?: readonly SecurityModule[]) => new Map(emitAll(c.ir, TARGETS, modules === undefined ? {} : { securityModules: modules }).map((a) => [a.path, a.content]));

/** The AppArmor and SELinux settings of one build, found wherever the artifacts put them. */
function settings(f: Map<string, string>): { apparmor: string[]; selinux: string[] } {
  const oci = JSON.parse(f.get('config.json')!);
  const argv: string[] = JSON.parse(f.get('docker-run.json')!);
  const svc = Object.values((yaml.load(f.get('compose.yaml')!) as Json).services)[0] as Json;
  const dep = yaml.load(f.get('kubernetes/deployment.yaml')!) as Json;
  const pod = dep.spec.template.spec;
  const opts = [...argv.filter((_, i) => argv[i - 1] === '--security-opt'), ...(svc.security_opt as string[])];
  return {
    apparmor: [
      ...(oci.process.apparmorProfile ? ['oci'] : []),
      ...opts.filter((o) => o.startsWith('apparmor=')).map(() => 'docker'),
      ...(pod.containers[0].securityContext.appArmorProfile ? ['pod'] : []),
      ...Object.keys(dep.spec.template.metadata.annotations ?? {}).filter((k) => k.startsWith('container.apparmor')),
      ...[...f.keys()].filter((p) => p.endsWith('.apparmor') || p.endsWith('apparmor-profile.yaml')),
    ],
    selinux: [
      ...(oci.process.selinuxLabel ? ['oci'] : []),
      ...(oci.linux.mountLabel ? ['oci mount'] : []),
      ...opts.filter((o) => o.startsWith('label=')).map(() => 'docker'),
      ...(pod.securityContext.seLinuxOptions || pod.containers[0].securityContext.seLinuxOptions ? ['pod'] : []),
    ],
  };
}

/** A build without any AppArmor or SELinux setting, to compare the rest. */
function rest(f: Map<string, string>): unknown {
  const oci = JSON.parse(f.get('config.json')!);
  delete oci.process.apparmorProfile;
  delete oci.process.selinuxLabel;
  delete oci.linux.mountLabel;
  const argv: string[] = JSON.parse(f.get('docker-run.json')!);
  const kept = argv.filter((a, i) => !(a.startsWith('apparmor=') || a.startsWith('label=')) && !(a === '--security-opt' && /^(apparmor|label)=/.test(argv[i + 1] ?? '')));
  return { oci, kept, seccomp: [...f.entries()].filter(([p]) => p.endsWith('.seccomp.json')) };
}

describe.each(BUILT.map((c) => [c.name, c] as const))('%s', (_, c) => {
  const both = files(c);
  const hasLabel = settings(both).selinux.length > 0;
  const confined = c.ir.apparmor.profileName !== 'unconfined';

  it('both modules (the default): the artifacts as the default build writes them', () => {
    expect(files(c, ['apparmor', 'selinux'])).toEqual(both);
    if (confined) expect(settings(both).apparmor.length).toBeGreaterThan(0);
  });

  it('selinux: no AppArmor setting anywhere, the SELinux ones kept, nothing else changed', () => {
    const f = files(c, ['selinux']);
    expect(settings(f)).toEqual({ apparmor: [], selinux: settings(both).selinux });
    expect(rest(f)).toEqual(rest(both));
  });

  it('apparmor: no SELinux label anywhere, the AppArmor settings kept, nothing else changed', () => {
    const f = files(c, ['apparmor']);
    expect(settings(f)).toEqual({ apparmor: settings(both).apparmor, selinux: [] });
    expect(rest(f)).toEqual(rest(both));
    if (hasLabel) expect(settings(both).selinux.length).toBeGreaterThan(0);
  });

  it('none: neither', () => {
    expect(settings(files(c, []))).toEqual({ apparmor: [], selinux: [] });
  });
});
