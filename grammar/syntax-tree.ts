/**
 * The generic syntax tree that the CST is turned into: statements, values and blocks with the
 * byte offsets of every part. It knows nothing of what a statement means; src/compiler decodes it.
 * Offsets are half-open [start, end) into the source text; line and column are computed elsewhere.
 */

/** A bare word: a name, number, size, path, address … */
export interface WordNode {
  readonly kind: 'word';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A double-quoted string, with its escapes already applied to `value`. */
export interface StringNode {
  readonly kind: 'string';
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** False when the closing quote is missing. */
  readonly terminated: boolean;
  /** Offsets of backslash escapes that are not one of `\" \\ \n \t`. */
  readonly badEscapes: readonly number[];
}

/** A punctuation value: `->`, a comparison operator, `=` or `,`. */
export interface PunctNode {
  readonly kind: 'arrow' | 'operator' | 'equals' | 'comma';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** `[ a, b, c ]`, with its items including the commas. */
export interface ListNode {
  readonly kind: 'list';
  readonly items: readonly ValueNode[];
  readonly start: number;
  readonly end: number;
}

/** Any value of a statement. */
export type ValueNode = WordNode | StringNode | PunctNode | ListNode;

/** `keyword value* { … }?` */
export interface StatementNode {
  readonly kind: 'statement';
  readonly keyword: WordNode;
  readonly values: readonly ValueNode[];
  readonly block: BlockNode | null;
  readonly start: number;
  readonly end: number;
}

/** `{ statement* }`: `start` is the offset of `{`. */
export interface BlockNode {
  readonly kind: 'block';
  readonly statements: readonly StatementNode[];
  readonly start: number;
  readonly end: number;
}

/** A whole file. */
export interface FileNode {
  readonly kind: 'file';
  readonly statements: readonly StatementNode[];
}
