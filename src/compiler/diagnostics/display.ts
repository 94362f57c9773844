/**
 * Text from a policy as it may be shown to a person: in a terminal or a CI log. Control characters
 * (an escape sequence could retitle a terminal or clear a log), bidirectional overrides (which make
 * text read other than it is stored), line and paragraph separators, a byte-order mark and lone
 * UTF-16 surrogates are shown as `\u{…}` escapes; a tab as `\t`. Pure.
 */

// C0 controls, DEL, C1 controls, U+061C and U+200E/F (marks), U+2028/9 (separators), U+202A-202E and
// U+2066-2069 (embeddings, overrides, isolates), U+FEFF, and lone surrogates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escape = (c: string): string => (c === '\t' ? '\\t' : `\\u{${c.charCodeAt(0).toString(16)}}`);

/** `s` with every unsafe character escaped. */
export function displayText(s: string): string {
  return s.replace(UNSAFE, escape);
}

/** True when `s` holds a character that `displayText` would escape. */
export function hasUnsafe(s: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(s);
  UNSAFE.lastIndex = 0;
  return found;
}

/** `displayText(s)`, cut to `max` characters with how many were left out. */
export function displayShort(s: string, max: number): string {
  const shown = displayText(s.length > max ? s.slice(0, max) : s);
  return s.length > max ? `${shown}… (${s.length - max} more characters)` : shown;
}
