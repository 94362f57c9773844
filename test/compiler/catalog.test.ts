import { describe, expect, it } from 'vitest';
import { CATALOG, lookupCode } from '../../src/compiler/diagnostics/catalog.js';

// Any parameter a message asks for reads as `X`.
const params = new Proxy({}, { get: () => 'X' }) as never;

describe('the diagnostic catalog', () => {
  const entries = Object.entries(CATALOG);

  it('has codes of one shape whose letter matches the severity', () => {
    for (const [code, e] of entries) expect(code).toMatch(e.severity === 'error' ? /^E0\d{3}$/ : /^W0\d{3}$/);
  });

  it('has unique kebab-case names', () => {
    const names = entries.map(([, e]) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  it('words messages in the house style', () => {
    for (const [code, e] of entries) {
      const m = (e.message as (p: never) => string)(params);
      expect(m, code).not.toMatch(/\.$/);
      expect(m, code).toMatch(/^[a-z`X(]/);
      expect(m.toLowerCase(), code).not.toContain('illegal');
    }
  });

  it('explains every code in full sentences', () => {
    for (const [code, e] of entries) {
      expect(e.explain.length, code).toBeGreaterThan(40);
      expect(e.explain, code).toMatch(/\.$|\)$/);
    }
  });

  it('looks codes up by code or by name', () => {
    expect(lookupCode('e0301')?.code).toBe('E0301');
    expect(lookupCode('unknown-capability')?.code).toBe('E0301');
    expect(lookupCode('E9999')).toBeUndefined();
  });
});
