/**
 * The Kubernetes target: for every example, golden case and end-to-end fixture, each manifest
 * validates against Kubernetes' own schemas and each SPO resource against its CRD; the SeccompProfile
 * is the OCI filter; the patch, merged into a team's own Deployment, gives it the same security
 * settings. Then the mapping of each policy statement, and the names Kubernetes needs.
 */
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { IPC_SYSCTL_RE } from '../../src/compiler/data/kubernetes.js';
import { emitKubernetes, IPC_SYSCTL_RE as EMITTER_IPC_SYSCTL_RE } from '../../src/emitters/kubernetes.js';
import * as emitterNames from '../../src/emitters/kubernetes-names.js';
import * as lintNames from '../../src/lint/kubernetes-names.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintPolicy } from '../../src/lint/lint.js';
import { rulesForTargets } from '../../src/lint/rules.js';
import { BUILT } from '../support/cases.js';
import { repoRoot } from '../support/repo.js';
import { compileText, workload } from '../support/harness.js';
import { validateKubernetesObject } from '../support/validators.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const load = (text: string): Json => yaml.load(text);

/** The Kubernetes artifacts of a policy text, parsed, by path. */
function kube(text: string): Map<string, Json> {
  const r = compileText(text);
  if (!r.ir) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return new Map(emitKubernetes(r.ir).filter((a) => a.path.endsWith('.yaml')).map((a) => [a.path, load(a.content)]));
}
const pod = (m: Map<string, Json>): Json => m.get('kubernetes/deployment.yaml').spec.template.spec;
const ctr = (m: Map<string, Json>): Json => pod(m).containers[0];

/** A Kubernetes quantity as a number: `500m`, `2`, `64Mi`, `1Gi`, bytes. */
function quantity(q: string): number {
  const m = /^(\d+)(m|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q);
  if (!m) throw new Error(`not a quantity written by the emitter: ${q}`);
  const unit = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

/** A strategic merge as the API server does it for these fields: maps merge, containers/volumes by name, volumeMounts by path, other lists replaced. */
function strategicMerge(base: Json, patch: Json, key = ''): Json {
  if (Array.isArray(patch)) {
    const by = key === 'containers' || key === 'volumes' ? 'name' : key === 'volumeMounts' ? 'mountPath' : null;
    if (!by || !Array.isArray(base)) return patch;
    const out = base.map((b: Json) => {
      const p = patch.find((x: Json) => x[by] === b[by]);
      return p ? strategicMerge(b, p) : b;
    });
    for (const p of patch) if (!base.some((b: Json) => b[by] === p[by])) out.push(p);
    return out;
  }
  if (patch !== null && typeof patch === 'object') {
    const out: Json = { ...(base ?? {}) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k]; // `null` deletes a key
      else out[k] = strategicMerge(base?.[k], v, k);
    }
    return out;
  }
  return patch;
}

describe.each(BUILT.map((c) => [c.name, c] as const))('kubernetes artifacts of %s', (_, c) => {
  const files = [...c.files.entries()].filter(([p]) => p.startsWith('kubernetes/'));

  it('validate: Kubernetes schemas for the manifests, the SPO CRDs for its resources', async () => {
    const yamls = files.filter(([p]) => p.endsWith('.yaml'));
    expect(yamls.map(([p]) => p)).toContain('kubernetes/deployment.yaml');
    for (const [p, text] of yamls) {
      if (p === 'kubernetes/patch/deployment.yaml') continue;
      if (p === 'kubernetes/binding/seccomp-profile-binding.yaml') {
        const b = load(text);
        expect(b.spec).toEqual({ profileRef: { kind: 'SeccompProfile', name: load(c.files.get('kubernetes/seccomp-profile.yaml')!).metadata.name }, image: c.ir.image });
      }
      expect((await validateKubernetesObject(load(text))).errors, `${c.name}: ${p}`).toEqual([]);
    }
  });

  it('the SeccompProfile holds the OCI filter (SPO has no defaultErrnoRet: EPERM)', () => {
    const spo = load(c.files.get('kubernetes/seccomp-profile.yaml')!).spec;
    const { defaultErrnoRet, ...oci } = JSON.parse(c.files.get('config.json')!).linux.seccomp;
    expect(spo).toEqual(oci);
    // Any other default errno is lost, and SPL802 says so when the target is built.
    if (defaultErrnoRet !== undefined && defaultErrnoRet !== 1) {
      const r = compileText(readFileSync(join(repoRoot, c.name), 'utf8'), {}, c.name);
      expect(lintPolicy(c.name, r, rulesForTargets(['kubernetes'])).findings.map((f) => `${f.ruleId} ${f.subject}`)).toContain('SPL802 default-errno');
    }
  });

  it('asks for no more than its limits (the API server refuses a request above a limit)', () => {
    const r = load(c.files.get('kubernetes/deployment.yaml')!).spec.template.spec.containers[0].resources ?? {};
    for (const key of ['cpu', 'memory']) if (r.requests?.[key] && r.limits?.[key]) expect(quantity(r.requests[key]), key).toBeLessThanOrEqual(quantity(r.limits[key]));
  });

  it('the Deployment names the SPO profiles where SPO installs them', () => {
    const dep = load(c.files.get('kubernetes/deployment.yaml')!);
    const sc = dep.spec.template.spec.containers[0].securityContext;
    expect(sc.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: `operator/${load(c.files.get('kubernetes/seccomp-profile.yaml')!).metadata.name}.json` });
    if (c.ir.apparmor.profileName === 'unconfined') expect(sc.appArmorProfile).toEqual({ type: 'Unconfined' });
    else {
      const aa = load(c.files.get('kubernetes/apparmor-profile.yaml')!);
      expect(sc.appArmorProfile).toEqual({ type: 'Localhost', localhostProfile: aa.metadata.name });
      expect(dep.spec.template.metadata.annotations[`container.apparmor.security.beta.kubernetes.io/${dep.spec.template.spec.containers[0].name}`]).toBe(`localhost/${aa.metadata.name}`);
      // The full profile beside it, byte for byte the apparmor target's.
      expect(c.files.get(`kubernetes/${c.ir.name}.apparmor`)).toBe(c.files.get(`${c.ir.name}.apparmor`));
    }
  });

  it("the patch gives a team's own Deployment the same security settings, and it stays valid", async () => {
    const dep = load(c.files.get('kubernetes/deployment.yaml')!);
    const patch = load(c.files.get('kubernetes/patch/deployment.yaml')!);
    const name = dep.spec.template.spec.containers[0].name;
    const theirs = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: dep.metadata.name },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'theirs' } },
        template: {
          metadata: { labels: { app: 'theirs' } },
          spec: {
            securityContext: { runAsUser: 0 },
            containers: [{ name, image: 'registry.example/theirs:2', securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } } }, { name: 'sidecar', image: 'sidecar:1' }],
          },
        },
      },
    };
    const merged = strategicMerge(theirs, patch);
    expect((await validateKubernetesObject(merged)).errors).toEqual([]);
    const mine = merged.spec.template.spec.containers.find((x: Json) => x.name === name);
    expect(mine.securityContext).toEqual(dep.spec.template.spec.containers[0].securityContext);
    expect(mine.image).toBe('registry.example/theirs:2');
    expect(merged.spec.template.spec.securityContext).toEqual(dep.spec.template.spec.securityContext);
    expect(merged.spec.template.spec.containers.find((x: Json) => x.name === 'sidecar')).toEqual({ name: 'sidecar', image: 'sidecar:1' });
  });
});

describe.each(['statefulset', 'daemonset', 'pod'] as const)('--kubernetes-kind %s', (kind) => {
  it('holds the same pod for every example, golden case and fixture, and validates', async () => {
    for (const c of BUILT) {
      const objects = new Map(emitKubernetes(c.ir, { kubernetesKind: kind }).map((a) => [a.path, a.content]));
      expect(objects.has('kubernetes/deployment.yaml'), c.name).toBe(false);
      const doc = load(objects.get(`kubernetes/${kind}.yaml`)!);
      expect((await validateKubernetesObject(doc)).errors, `${c.name}: ${kind}`).toEqual([]);
      const deployment = load(c.files.get('kubernetes/deployment.yaml')!).spec.template;
      if (kind === 'pod') {
        expect(doc.spec).toEqual(deployment.spec);
        expect(doc.metadata.annotations).toEqual(deployment.metadata.annotations);
        expect(objects.has('kubernetes/patch/pod.yaml')).toBe(false);
      } else {
        expect(doc.spec.template).toEqual(deployment);
        const patch = load(objects.get(`kubernetes/patch/${kind}.yaml`)!);
        expect(patch.kind).toBe(doc.kind);
        expect(patch.spec.template.spec.securityContext).toEqual(deployment.spec.securityContext);
      }
    }
  });
});

describe('kubernetes mapping', () => {
  it('drops every capability but those granted, in Kubernetes spelling, and forbids escalation', () => {
    const m = kube(workload('  user 1000:1000\n  capabilities { add NET_BIND_SERVICE }\n  syscalls { allow @network-server }'));
    expect(ctr(m).securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } });
    expect(pod(m).securityContext).toEqual({ runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true });
    expect(pod(m)).toMatchObject({ automountServiceAccountToken: false, hostNetwork: false, hostPID: false, hostIPC: false });
  });

  it('writes tmpfs as memory-backed emptyDir with its size, and the limits as resources', () => {
    const m = kube(workload('  filesystem { tmpfs /tmp size 8MiB }\n  limits { memory 96MiB memory-reservation 64MiB cpus 0.5 cpu-shares 512 }'));
    const tmp = ctr(m).volumeMounts.find((v: Json) => v.mountPath === '/tmp');
    expect(pod(m).volumes.find((v: Json) => v.name === tmp.name)).toEqual({ name: tmp.name, emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } });
    expect(ctr(m).resources).toEqual({ limits: { cpu: '500m', memory: '96Mi' }, requests: { cpu: '500m', memory: '64Mi' } });
  });

  it('caps the CPU request the shares give at the CPU limit, which the API server requires', () => {
    expect(ctr(kube(workload('  limits { cpus 0.5 cpu-shares 4096 }'))).resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '500m' } });
    expect(ctr(kube(workload('  limits { cpus 2 cpu-shares 1024 }'))).resources.requests).toEqual({ cpu: '1' });
  });

  it('writes a user namespace as hostUsers: false, a sandbox runtime as its RuntimeClass, a label as seLinuxOptions', () => {
    const m = kube(workload('  user 1000:1000\n  runtime runsc\n  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n  }\n  selinux {\n    type container_t\n    level "s0:c1,c2"\n  }'));
    expect(pod(m)).toMatchObject({ hostUsers: false, runtimeClassName: 'runsc' });
    expect(pod(m).securityContext.seLinuxOptions).toEqual({ type: 'container_t', level: 's0:c1,c2' });
  });

  it('keeps `$(VAR)` in a command and an environment value literal: Kubernetes reads `$$` as `$`', () => {
    const m = kube(workload('  entrypoint "sh" "-c"\n  command "echo $(HOME) $$"\n  env A = "$(B)"'));
    expect(ctr(m).command).toEqual(['sh', '-c']);
    expect(ctr(m).args).toEqual(['echo $$(HOME) $$$$']);
    expect(ctr(m).env).toEqual([{ name: 'A', value: '$$(B)' }]);
  });

  it('leaves out what the API server refuses together: hostUsers beside a host namespace, a network sysctl beside hostNetwork', () => {
    const m = kube(workload('  network { mode host }\n  namespaces {\n    user private\n    uid-map 0 -> 100000 count 65536\n  }\n  sysctl net.ipv4.tcp_syncookies = 1'));
    expect(pod(m).hostNetwork).toBe(true);
    expect(pod(m).hostUsers).toBeUndefined();
    expect(pod(m).securityContext.sysctls).toBeUndefined();
  });

  it('keeps `.` and `_` in a network label, so networks Docker keeps apart stay apart', () => {
    const a = kube(workload('  network {\n    join backend.db internal\n  }')).get('kubernetes/deployment.yaml').spec.template.metadata.labels;
    const b = kube(workload('  network {\n    join backend_db internal\n  }')).get('kubernetes/deployment.yaml').spec.template.metadata.labels;
    expect(Object.keys(a)).toContain('networks.secpol.dev/backend.db');
    expect(Object.keys(b)).toContain('networks.secpol.dev/backend_db');
  });

  it('a root policy writes runAsNonRoot: false, and the patch carries no name label that would break a team\'s selector', () => {
    const r = compileText(workload('  user root'));
    const files = new Map(emitKubernetes(r.ir!).filter((x) => x.path.endsWith('.yaml')).map((x) => [x.path, load(x.content)]));
    expect(files.get('kubernetes/deployment.yaml').spec.template.spec.containers[0].securityContext.runAsNonRoot).toBe(false);
    const patch = files.get('kubernetes/patch/deployment.yaml');
    expect(patch.spec.template.metadata.labels).toBeUndefined();
    expect(patch.spec.template.spec.securityContext.runAsNonRoot).toBe(false);
  });

  it('writes `network none` as a NetworkPolicy that denies all traffic both ways', () => {
    const np = kube(workload('  network { mode none }')).get('kubernetes/network-policy.yaml');
    expect(np.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'app' } }, policyTypes: ['Ingress', 'Egress'] });
  });

  it('writes internal networks as a NetworkPolicy: members only, and the cluster DNS', () => {
    const m = kube(workload('  network {\n    join orders-data internal\n  }'));
    expect(m.get('kubernetes/deployment.yaml').spec.template.metadata.labels['networks.secpol.dev/orders-data']).toBe('member');
    const np = m.get('kubernetes/network-policy.yaml');
    const members = [{ podSelector: { matchLabels: { 'networks.secpol.dev/orders-data': 'member' } } }];
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([{ from: members }]);
    expect(np.spec.egress[0]).toEqual({ to: members });
    expect(np.spec.egress[1].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
  });

  it('writes no NetworkPolicy for the bridge network, which is the cluster network on Kubernetes', () => {
    expect(kube(workload('  network { mode bridge }')).has('kubernetes/network-policy.yaml')).toBe(false);
    // The default is no network at all, and so a policy that denies all traffic.
    expect(kube(workload('')).get('kubernetes/network-policy.yaml').spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('gives a name with `_` or `.` its DNS-1123 form, the same in the emitter and in SPL802', () => {
    for (const n of ['web', 'my_app', 'a.b.c', 'x-', 'a_.-', 'db.v2_', '0', 'a..b', 'a.-b', 'a-.b', `${'x'.repeat(62)}_`]) {
      expect(emitterNames.kubeLabel(n)).toBe(lintNames.kubeLabel(n));
      expect(emitterNames.kubeSubdomain(n)).toBe(lintNames.kubeSubdomain(n));
      expect(emitterNames.kubeLabel(n)).toMatch(emitterNames.DNS_LABEL_RE);
      expect(emitterNames.kubeSubdomain(`secpol-${n}`)).toMatch(emitterNames.DNS_SUBDOMAIN_RE);
    }
    expect(lintNames.DNS_LABEL_RE.source).toBe(emitterNames.DNS_LABEL_RE.source);
    expect(lintNames.DNS_SUBDOMAIN_RE.source).toBe(emitterNames.DNS_SUBDOMAIN_RE.source);
    expect(EMITTER_IPC_SYSCTL_RE.source).toBe(IPC_SYSCTL_RE.source);
    for (const n of ['a..b', 'a.-b', 'a-.b']) expect(emitterNames.kubeSubdomain(n)).toMatch(emitterNames.DNS_SUBDOMAIN_RE);
    const m = kube('workload my_app.v2 {\n  image "busybox:1"\n}\n');
    expect(ctr(m).name).toBe('my-app-v2');
    expect(m.get('kubernetes/seccomp-profile.yaml').metadata.name).toBe('secpol-my-app-v2');
  });
});
