// The shipped lexer and parser skip chevrotain's validations at start; here they run in full.
import { describe, expect, it } from 'vitest';
import { makeLexer } from '../../grammar/tokens.js';
import { SecpolParser } from '../../grammar/parser.js';

describe('the grammar', () => {
  it('passes chevrotain\'s lexer validations', () => {
    expect(makeLexer(true).lexerDefinitionErrors).toEqual([]);
  });
  it('passes chevrotain\'s grammar validations (ambiguities, left recursion, …)', () => {
    expect(() => new SecpolParser(true)).not.toThrow();
  });
});
