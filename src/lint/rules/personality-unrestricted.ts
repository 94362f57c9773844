/**
 * personality(2) with most personas is harmless, but READ_IMPLIES_EXEC makes readable memory
 * executable and ADDR_NO_RANDOMIZE turns off ASLR. Docker's default profile allows exactly the
 * personas 0x0 (PER_LINUX), 0x8, 0x20000 (UNAME26), 0x20008 and the query 0xffffffff.
 */
import type { SeccompArg } from '../../compiler/ir.js';
import { man, type LintRule } from '../rule.js';
import { allowances, byWhat } from '../syscalls.js';

/** The personas Docker's default profile allows. */
export const SAFE_PERSONAS: readonly number[] = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

/**
 * The persona a condition on arg0 pins, or NaN. personality(2) takes an `unsigned int`, so secpol
 * compares its low 32 bits (`arg0 & 0xffffffff == P`); a full comparison (`== P`) pins it too.
 */
function personaOf(x: SeccompArg): number {
  if (x.op === 'EQ') return x.value;
  if (x.op === 'MASKED_EQ' && x.value === 0xffffffff) return x.valueTwo;
  return NaN;
}

/** SPL503: personality allowed without limiting its persona. */
export const personalityUnrestricted: LintRule = {
  id: 'SPL503',
  name: 'personality-unrestricted',
  severity: 'warning',
  summary: '`personality` is allowed for any persona.',
  rationale: 'Some personas weaken the process\'s own defences: READ_IMPLIES_EXEC makes every readable mapping executable and ADDR_NO_RANDOMIZE turns off address-space randomisation, which exploits rely on.',
  fix: 'Allow only the personas the workload uses: `allow personality if arg0 in [0, 8, 0x20000, 0x20008, 0xffffffff]` (as Docker\'s default profile does), or `arg0 == 0`.',
  reference: man('personality', 2),
  securitySeverity: 5.0,
  tags: ['security', 'seccomp'],
  run: (ctx) =>
    allowances(ctx, 'personality')
      .filter((a) => !a.rule || !a.rule.args.some((x) => x.index === 0 && SAFE_PERSONAS.includes(personaOf(x))))
      .map((a) => ({ message: `\`personality\` is allowed for any persona by ${byWhat(a)}`, subject: 'personality', region: a.region })),
};
