/**
 * The secpol tokens, in the one order the lexer tries them.
 *
 * The language is line-oriented: a statement is a keyword followed by values up to the end of the
 * line (or `;`), optionally followed by a `{ … }` block. The lexer is deliberately permissive: a
 * `Word` covers names, numbers, sizes, paths, globs, addresses and ports alike (`NET_RAW`, `64MiB`,
 * `/etc/**`, `127.0.0.1:8080`, `80/tcp`), and the later decoding and checks decide what each word
 * must be, where the wording can be precise ("parse permissively, check strictly").
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

// Every token names the characters it can start with (`start_chars_hint`), so that building the
// lexer need not parse each regular expression to find them: a few milliseconds of every start.

/** Spaces, tabs and carriage returns separate tokens and are dropped. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r]+/, start_chars_hint: [' ', '\t', '\r'], group: Lexer.SKIPPED });
/** `# …` to the end of the line. */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, start_chars_hint: ['#'], group: Lexer.SKIPPED });
/** Newlines end statements, so they are tokens. */
export const Newline = createToken({ name: 'Newline', pattern: /\n/, start_chars_hint: ['\n'], line_breaks: true });
/** `;` ends a statement too, for several on one line. */
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, start_chars_hint: [';'] });
/** A double-quoted string with backslash escapes; it may not span lines. */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\n]|\\[^\n])*"/, start_chars_hint: ['"'] });
/**
 * A string missing its closing quote. Tried after StringLiteral, so it only matches what that
 * could not; it lets the decoder say "unterminated string" at the opening quote.
 */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n]|\\[^\n])*/, start_chars_hint: ['"'] });
/** `->` maps a source to a target (`publish 8080 -> 80/tcp`, `volume logs -> /var/log`). Before Word, whose `-` must not swallow it. */
export const Arrow = createToken({ name: 'Arrow', pattern: /->/, start_chars_hint: ['-'] });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, start_chars_hint: ['{'] });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, start_chars_hint: ['}'] });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, start_chars_hint: ['['] });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, start_chars_hint: [']'] });
export const Comma = createToken({ name: 'Comma', pattern: /,/, start_chars_hint: [','] });
/**
 * Comparison operators, the two-character ones first so `<=` is not read as `<` then `=`; `&` masks
 * an argument and `|` ORs constants (`SOCK_STREAM | SOCK_CLOEXEC`).
 */
export const Operator = createToken({ name: 'Operator', pattern: /==|!=|<=|>=|<|>|&|\|/, start_chars_hint: ['=', '!', '<', '>', '&', '|'] });
/** `=` in `env NAME = "value"` and `sysctl name = value`. After Operator, so `==` wins. */
export const Equals = createToken({ name: 'Equals', pattern: /=/, start_chars_hint: ['='] });
/**
 * Any bare word. `-` is allowed inside a word unless it starts `->`, so `web-logs->/x` still
 * splits at the arrow.
 */
export const Word = createToken({
  name: 'Word',
  pattern: /(?:[A-Za-z0-9_.\/*:@%+~?]|-(?!>))+/,
  start_chars_hint: [
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./*:@%+~?-',
  ],
});

/** Every token type, in the order the lexer tries them. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  Comment,
  Newline,
  Semicolon,
  StringLiteral,
  UnterminatedString,
  Arrow,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Comma,
  Operator,
  Equals,
  Word,
];

/**
 * Builds the lexer. `positionTracking: 'onlyOffset'`: line and column are computed in one place,
 * src/compiler/source.ts. Chevrotain's own validation of the token definitions runs in the tests
 * (`validate = true`); the shipped lexer skips it, which saves a few milliseconds of every start.
 */
export function makeLexer(validate = false): Lexer {
  return new Lexer(allTokens as TokenType[], { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: !validate });
}

let lexer: Lexer | undefined;

/** The lexer, built once per process on first use (a command that parses nothing never builds it). */
export function secpolLexer(): Lexer {
  return (lexer ??= makeLexer());
}
