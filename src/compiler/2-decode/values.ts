/**
 * Readers for the value forms of the language: numbers, sizes, CPU counts, ports and switches.
 * Each returns the value or an error text; the decoder turns errors into diagnostics at the token.
 */

/** A result of reading one value. */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string; readonly help?: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(why: string, help?: string): Read<T> => (help === undefined ? { ok: false, why } : { ok: false, why, help });

/** Decimal, `0x` hexadecimal or `0o` octal; non-negative, at most 2^53-1. */
export function readNumber(text: string): Read<number> {
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^0o[0-7]+$/i.test(text)) v = parseInt(text.slice(2), 8);
  else if (/^[0-9]+$/.test(text)) v = Number(text);
  else return bad('number');
  if (!Number.isSafeInteger(v)) return bad('number', 'numbers must be at most 9007199254740991');
  return ok(v);
}

const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  k: 1024,
  K: 1024,
  m: 1024 ** 2,
  M: 1024 ** 2,
  g: 1024 ** 3,
  G: 1024 ** 3,
};

/** The size units, as shown in help texts. */
export const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `512MiB`, `1GiB`, `64m` → bytes. Binary units only; a bare number or a decimal unit is refused with a hint. */
export function readSize(text: string): Read<number> {
  const m = /^([0-9]+)([A-Za-z]*)$/.exec(text);
  if (!m) return bad('size', 'write a whole number and a unit, e.g. `512MiB`');
  const [, digits, unit] = m as unknown as [string, string, string];
  if (unit === '') return bad('size', `add a unit: \`${digits}MiB\` or \`${digits}B\``);
  const mult = UNITS[unit];
  if (mult === undefined) {
    const lower = unit.toLowerCase();
    const guess = lower.startsWith('k') ? 'KiB' : lower.startsWith('m') ? 'MiB' : lower.startsWith('g') ? 'GiB' : lower.startsWith('t') ? 'TiB' : lower.startsWith('b') ? 'B' : null;
    return bad('size', guess ? `did you mean \`${digits}${guess}\`? secpol sizes are binary (1 MiB = 1048576 bytes)` : `units are ${SIZE_UNITS.join(', ')}`);
  }
  const v = Number(digits) * mult;
  if (!Number.isSafeInteger(v)) return bad('size', 'the size is too large');
  return ok(v);
}

/** `1`, `1.5`, `0.25` CPUs → thousandths. */
export function readCpus(text: string): Read<number> {
  const m = /^([0-9]+)(?:\.([0-9]{1,3}))?$/.exec(text);
  if (!m) return bad('CPU count', 'write a decimal number of CPUs with at most three decimals, e.g. `1.5`');
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return ok(milli);
}

/** A port number 1–65535. */
export function readPort(text: string): Read<number> {
  if (!/^[0-9]+$/.test(text)) return bad('port');
  const v = Number(text);
  if (v < 1 || v > 65535) return bad('port', 'ports are 1–65535');
  return ok(v);
}

/** `on`/`off` (also `true`/`false`, `yes`/`no`). */
export function readSwitch(text: string): Read<boolean> {
  const t = text.toLowerCase();
  if (t === 'on' || t === 'true' || t === 'yes') return ok(true);
  if (t === 'off' || t === 'false' || t === 'no') return ok(false);
  return bad('switch', 'write `on` or `off`');
}

/** An IPv4 address, or an IPv6 address in brackets (returned without them). */
export function readHostIp(text: string): Read<string> {
  const v4 = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$/.exec(text);
  if (v4) {
    if (v4.slice(1).every((o) => Number(o) <= 255 && (o === '0' || !o.startsWith('0')))) return ok(text);
    return bad('address');
  }
  const v6 = /^\[([0-9a-fA-F:]+)\]$/.exec(text);
  if (v6 && v6[1]!.includes(':') && (v6[1]!.match(/::/g) ?? []).length <= 1 && v6[1]!.split(':').every((g) => g.length <= 4)) return ok(v6[1]!.toLowerCase());
  return bad('address');
}
