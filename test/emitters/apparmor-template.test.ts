// The shipped AppArmor template is precompiled; it must be exactly what the template source gives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { precompiledApparmorTemplate } from '../../src/emitters/apparmor-template-source.js';
import { repoRoot } from '../support/repo.js';

describe('the precompiled AppArmor template', () => {
  it('is up to date with src/emitters/apparmor-template.ts (else run npx tsx scripts/gen-apparmor-template.ts)', () => {
    expect(readFileSync(join(repoRoot, 'src', 'emitters', 'generated', 'apparmor-template.ts'), 'utf8')).toBe(precompiledApparmorTemplate());
  });
});
