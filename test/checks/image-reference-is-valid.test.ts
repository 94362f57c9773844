import { describe, expect, it } from 'vitest';
import { imageProblem } from '../../src/compiler/4-check/checks/image-reference-is-valid.js';
import { codesOf, compileText } from '../support/harness.js';

const policy = (image: string): string => `workload app {\n  image ${JSON.stringify(image)}\n}\n`;

describe('image-reference-is-valid', () => {
  it('accepts the references Docker accepts', () => {
    for (const ok of [
      'busybox',
      'nginx:1.27',
      'library/nginx:1.27-alpine',
      'secpol-test/busybox:1',
      'registry.example.com:5000/team/app:2.1',
      'localhost/app',
      'localhost:5000/a__b/c-d--e.f_g:v1.0_rc',
      `busybox@sha256:${'a'.repeat(64)}`,
      `nginx:1.27@sha256:${'0'.repeat(64)}`,
      '[::1]:5000/app:x',
      `${'a'.repeat(255)}:${'t'.repeat(128)}`,
    ])
      expect(imageProblem(ok), ok).toBeNull();
  });

  it('refuses what Docker refuses, and says why', () => {
    expect(imageProblem('a b')).toMatch(/path component/);
    expect(imageProblem('Nginx')).toMatch(/path component/);
    expect(imageProblem('nginx:')).toMatch(/tag/);
    expect(imageProblem(`nginx:${'t'.repeat(129)}`)).toMatch(/tag/);
    expect(imageProblem('nginx:.x')).toMatch(/tag/);
    expect(imageProblem('nginx@sha256:abc')).toMatch(/digest/);
    expect(imageProblem('team//app')).toMatch(/empty path component/);
    expect(imageProblem('app/')).toMatch(/empty path component/);
    expect(imageProblem(':1')).toBe('it has no name');
    expect(imageProblem('bad_host.-x:5000/app')).toMatch(/registry host/);
    expect(imageProblem('a'.repeat(256))).toMatch(/at most 255/);
    expect(imageProblem('a'.repeat(5 * 1024 * 1024))).toMatch(/characters long/);
  });

  it('reports at the image, with the example of a good reference', () => {
    expect(codesOf(policy('Busybox:latest'))).toEqual(['E0508@2:9']);
    const r = compileText(policy(`x${'/a'.repeat(200)}`));
    expect(r.diagnostics.map((d) => d.message)).toEqual(['this is not an image reference Docker accepts: its name is 401 characters long; Docker allows at most 255']);
    expect(r.diagnostics[0]!.help).toContain('nginx:1.27');
  });
});
