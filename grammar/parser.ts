/**
 * The secpol concrete-syntax parser: tokens → CST, with no semantic actions.
 *
 * The grammar is the generic shape every secpol file has (like HCL's or nginx's): statements made
 * of a keyword, values and an optional block. Which keywords exist and what values they take is
 * decided later, by the decoder in src/compiler, so that "unknown statement — did you mean …?" can
 * be worded with full context.
 *
 *   file       := separator* (statement separator*)*  EOF
 *   statement  := Word value* block?
 *   block      := "{" separator* (statement separator*)* "}"
 *   value      := Word | String | "->" | Operator | "=" | list | "," Newline*
 *   list       := "[" (value | Newline)* "]"
 *   separator  := Newline | ";"
 */
import { CstParser, type CstNode, type IToken } from 'chevrotain';
import {
  allTokens,
  Arrow,
  Comma,
  Equals,
  LBrace,
  LBracket,
  Newline,
  Operator,
  RBrace,
  RBracket,
  Semicolon,
  StringLiteral,
  UnterminatedString,
  Word,
} from './tokens.js';

/** The CST parser. One instance is built per process and reused: `input` is reset per file. */
export class SecpolParser extends CstParser {
  /** `validate`: run chevrotain's grammar validations (the tests do; the shipped parser skips them at start). */
  constructor(validate = false) {
    // Offsets on CST nodes let the CST → tree step order children without walking them.
    super(allTokens as never, { recoveryEnabled: false, maxLookahead: 2, nodeLocationTracking: 'onlyOffset', skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /** file := separator* (statement separator*)* EOF */
  public file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.CONSUME(Semicolon) },
        { ALT: () => this.SUBRULE(this.statement) },
      ]);
    });
  });

  /** statement := Word value* block? */
  public statement = this.RULE('statement', () => {
    this.CONSUME(Word, { LABEL: 'keyword' });
    this.MANY(() => this.SUBRULE(this.value));
    this.OPTION(() => this.SUBRULE(this.block));
  });

  /** block := "{" (separator | statement)* "}" */
  public block = this.RULE('block', () => {
    this.CONSUME(LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Newline) },
        { ALT: () => this.CONSUME(Semicolon) },
        { ALT: () => this.SUBRULE(this.statement) },
      ]);
    });
    this.CONSUME(RBrace);
  });

  /** value := Word | String | "->" | Operator | "=" | list | "," Newline* */
  public value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.CONSUME(Word) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(UnterminatedString) },
      { ALT: () => this.CONSUME(Arrow) },
      { ALT: () => this.CONSUME(Operator) },
      { ALT: () => this.CONSUME(Equals) },
      { ALT: () => this.SUBRULE(this.list) },
      {
        ALT: () => {
          this.CONSUME(Comma);
          // A trailing comma continues the statement on the next line.
          this.MANY(() => this.CONSUME(Newline));
        },
      },
    ]);
  });

  /** list := "[" (value | Newline)* "]" */
  public list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(Newline) }, { ALT: () => this.SUBRULE(this.value) }]);
    });
    this.CONSUME(RBracket);
  });
}

let parser: SecpolParser | undefined;

/** The one parser instance of the process, built on first use (its grammar analysis costs start-up time). */
export function secpolParser(): SecpolParser {
  return (parser ??= new SecpolParser());
}

/** Parses tokens into a CST; errors are left on `secpolParser().errors` for the caller to read at once. */
export function parseTokens(tokens: IToken[]): CstNode {
  const p = secpolParser();
  p.input = tokens;
  return p.file();
}
