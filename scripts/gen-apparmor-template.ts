// Precompiles the AppArmor Handlebars template into src/emitters/generated/apparmor-template.ts, so
// the shipped compiler carries only Handlebars' small runtime and never compiles a template at start.
// Run with `npx tsx scripts/gen-apparmor-template.ts` after changing src/emitters/apparmor-template.ts;
// test/emitters/apparmor-template.test.ts fails while the generated file is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { precompiledApparmorTemplate } from '../src/emitters/apparmor-template-source.js';

const out = join(import.meta.dirname, '..', 'src', 'emitters', 'generated', 'apparmor-template.ts');
writeFileSync(out, precompiledApparmorTemplate());
console.log(`wrote ${out}`);
