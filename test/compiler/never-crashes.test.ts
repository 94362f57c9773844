// Property: whatever the input, the compiler returns an IR or diagnostics, never throws and never
// reports an internal error.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileText } from '../support/harness.js';

const examplesDir = join(import.meta.dirname, '..', '..', 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.secpol')).map((f) => readFileSync(join(examplesDir, f), 'utf8'));
const base = readFileSync(join(examplesDir, 'shared', 'base.secpol'), 'utf8');
const files = { './shared/base.secpol': base, 'shared/base.secpol': base };

const pieces = ['{', '}', '[', ']', ',', ';', '\n', '"', '->', '==', '&', '=', ' ', '#', 'allow', 'deny', 'if', 'arg0', 'in', 'with', 'kill', 'errno', '@file-io', '/tmp/**', '512MiB', '0x10', 'NET_RAW', 'workload', 'extends', 'tmpfs', 'size', 'publish', '127.0.0.1:80', 'unlimited', 'root', '\\', '\u0000', 'é'];

const check = (text: string): void => {
  const r = compileText(text, files);
  expect(r.diagnostics.filter((d) => d.code === 'E0901')).toEqual([]);
  if (r.ir === null) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  else expect(r.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
};

describe('the compiler never crashes', () => {
  it('on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), check), { numRuns: 300 });
  });

  it('on sequences of language tokens', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (xs) => check(xs.join(' '))), { numRuns: 500 });
  });

  it('on mutated examples (a slice deleted, duplicated or a token inserted)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.nat(), fc.nat(), fc.constantFrom(...pieces), fc.constantFrom('delete', 'dup', 'insert'), (src, a, b, piece, op) => {
        const i = a % (src.length + 1);
        const j = Math.min(src.length, i + (b % 40));
        const text = op === 'delete' ? src.slice(0, i) + src.slice(j) : op === 'dup' ? src.slice(0, j) + src.slice(i, j) + src.slice(j) : src.slice(0, i) + piece + src.slice(i);
        check(text);
      }),
      { numRuns: 500 },
    );
  });
});
