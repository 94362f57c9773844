/**
 * The bounds on what one policy may ask of the compiler. Policies arrive in pull requests, so every
 * phase's work must be bounded by its input, and the input itself bounded: each limit is far above
 * what a real policy needs (the largest example is under 4 KiB and nests 3 deep) and low enough that
 * the worst input at the limit compiles in well under a second.
 */

/** Bytes of one policy file (and of each base it extends). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Tokens (words, strings, punctuation, line ends; not comments or blank lines) in one file: the parser's work is bounded by it. */
export const MAX_TOKENS = 50_000;

/** Brackets (`{` and `[`) open at once. */
export const MAX_NESTING = 32;

/** Values in one statement, or items in one list. */
export const MAX_VALUES = 4096;

/** Diagnostics reported per file; past it one E0112 says how many more there were. */
export const MAX_DIAGNOSTICS_PER_FILE = 50;

/** A path, as the kernel limits it: PATH_MAX bytes in all, NAME_MAX bytes a component. */
export const MAX_PATH_BYTES = 4096;
export const MAX_PATH_COMPONENT_BYTES = 255;

/** Bytes of one argument or one `NAME=value` environment string: the kernel's MAX_ARG_STRLEN (execve fails with E2BIG past it). */
export const MAX_ARG_BYTES = 131_072;

/** Characters of a name worth a "did you mean" search (no syscall, capability or constant is longer than 40). */
export const MAX_SUGGEST_INPUT = 64;
