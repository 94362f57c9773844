import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../support/containers.js';
import { countProbe, ENGINE_BIN, PROBE_IN_GUEST, requireEngine, TEST_IMAGE } from '../support/engines.js';
import { podman, PodmanSession, SECCOMP_POD_ANNOTATION, type PodmanStarted } from '../support/podman.js';
import { describeRun } from '../support/run.js';

// The podman route's harness on the real engine: a Deployment played with kube play runs under the
// securityContext it says, the seccomp profile reaches the kernel only through the annotation the
// session adds, and everything the session made is gone after it.

/** A Deployment of the test image: a non-root user with one capability, a read-only root and a nested Localhost profile. */
function deployment(claim: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: smoke
spec:
  replicas: 1
  selector:
    matchLabels: {app: smoke}
  template:
    metadata:
      labels: {app: smoke}
    spec:
      securityContext:
        runAsUser: 101
        runAsGroup: 101
        seccompProfile: {type: Localhost, localhostProfile: operator/deny-mkdir.json}
      containers:
        - name: app
          image: ${TEST_IMAGE}
          command: [/bin/sh, -c, 'echo smoke-started; exec /bin/sleep 600']
          resources:
            limits: {memory: 64Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
          volumeMounts:
            - {name: scratch, mountPath: /scratch}
            - {name: data, mountPath: /data}
      volumes:
        - name: scratch
          emptyDir: {}
        - name: data
          persistentVolumeClaim: {claimName: ${claim}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: smoke
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;
}

describe.skipIf(requireEngine('podman').skip)('podman route: kube play through PodmanSession', () => {
  const session = new PodmanSession('selftest');
  const claim = `secpol-selftest-${process.pid}`;
  let profiles = '';
  let annotated: PodmanStarted;
  let asWritten: PodmanStarted;

  beforeAll(async () => {
    profiles = mkdtempSync(path.join(os.tmpdir(), 'secpol-podman-profiles-'));
    mkdirSync(path.join(profiles, 'operator'));
    writeFileSync(
      path.join(profiles, 'operator', 'deny-mkdir.json'),
      JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }] }),
    );
    annotated = await session.play('smoke', deployment(claim), profiles);
    asWritten = await session.play('fields', deployment(claim), profiles, { keepSeccompFields: true });
  });
  afterAll(async () => {
    await session.cleanup();
    rmSync(profiles, { recursive: true, force: true });
  });

  it('starts the Deployment as NAME-pod-0-CONTAINER, skipping the NetworkPolicy', () => {
    expect(annotated.start.code, describeRun('podman kube play', annotated.start)).toBe(0);
    expect(annotated.container).toBe(`${annotated.name}-pod-0-app`);
    expect(annotated.name.length).toBeLessThanOrEqual(56);
    expect(readFileSync(annotated.yamlFile, 'utf8')).toContain(`${SECCOMP_POD_ANNOTATION}: localhost/secpol-flat-operator__deny-mkdir.json`);
  });

  it('runs under the securityContext: uid, capabilities, no_new_privs, seccomp, read-only root', async () => {
    const status = await exec(annotated.container, ['grep', '-E', '^(Uid|CapEff|CapBnd|NoNewPrivs|Seccomp):', '/proc/1/status']);
    const rootWrite = await exec(annotated.container, [PROBE_IN_GUEST, 'write', '/secpol-smoke']);
    countProbe('podman', 2);
    expect(status.stdout.replace(/\t/g, ' ')).toBe('Uid: 101 101 101 101\nCapEff: 0000000000000400\nCapBnd: 0000000000000400\nNoNewPrivs: 1\nSeccomp: 2\n');
    expect(rootWrite.stdout).toBe('errno=EROFS(30)\n');
  });

  it('enforces the nested Localhost profile through the annotation, and only through it', async () => {
    const denied = await exec(annotated.container, ['mkdir', '/scratch/d']);
    const ignored = await exec(asWritten.container, ['mkdir', '/data/d']);
    countProbe('podman', 2);
    expect(denied.stderr).toMatch(/Operation not permitted/);
    expect(ignored.code, describeRun('mkdir under the unannotated pod', ignored)).toBe(0);
    expect(await session.inspect(annotated.container)).toMatchObject({ OCIRuntime: ENGINE_BIN.runc, HostConfig: { Memory: 64 * 2 ** 20 } });
  });

  it('shows the container output with logs', async () => {
    const logs = await session.logs(annotated.container);
    expect(logs.stdout).toBe('smoke-started\n');
  });

  it('removes the pods and the claimed volume it created', async () => {
    expect((await podman(['volume', 'exists', claim])).code).toBe(0);
    await session.remove(annotated);
    await session.remove(asWritten);
    expect((await podman(['pod', 'exists', annotated.pods[0]!])).code).toBe(1);
    expect((await podman(['volume', 'exists', claim])).code).toBe(1);
  });
});
