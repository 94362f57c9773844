/**
 * CST → syntax tree. A separate step from the parser (which has no actions), so the tree the rest of
 * the compiler sees is small, readonly and carries the offsets of each part.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { BlockNode, FileNode, ListNode, StatementNode, StringNode, ValueNode, WordNode } from './syntax-tree.js';

type Children = Record<string, (CstNode | IToken)[] | undefined>;

const isToken = (x: CstNode | IToken): x is IToken => (x as IToken).image !== undefined;

/** Tokens inserted by the parser's error recovery have no real text: they never reach the tree. */
const realTokens = (xs: (CstNode | IToken)[] | undefined): IToken[] =>
  (xs ?? []).filter(isToken).filter((t) => t.isInsertedInRecovery !== true && !Number.isNaN(t.startOffset));

const nodes = (xs: (CstNode | IToken)[] | undefined): CstNode[] => (xs ?? []).filter((x): x is CstNode => !isToken(x));

const endOf = (t: IToken): number => t.startOffset + t.image.length;

const word = (t: IToken): WordNode => ({ kind: 'word', text: t.image, start: t.startOffset, end: endOf(t) });

/** Applies `\" \\ \n \t` and records any other escape as bad. */
function stringNode(t: IToken, terminated: boolean): StringNode {
  const raw = t.image;
  const body = terminated ? raw.slice(1, -1) : raw.slice(1);
  let value = '';
  const badEscapes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const n = body[i + 1];
    i++;
    if (n === '"' || n === '\\') value += n;
    else if (n === 'n') value += '\n';
    else if (n === 't') value += '\t';
    else {
      badEscapes.push(t.startOffset + 1 + i - 1);
      value += n ?? '';
    }
  }
  return { kind: 'string', value, start: t.startOffset, end: endOf(t), terminated, badEscapes };
}

/** Children of a node in source order, whatever their label. */
function ordered(node: CstNode): (CstNode | IToken)[] {
  const all: (CstNode | IToken)[] = [];
  for (const xs of Object.values(node.children as Children)) for (const x of xs ?? []) all.push(x);
  const offset = (x: CstNode | IToken): number => (isToken(x) ? x.startOffset : (x.location?.startOffset ?? 0));
  return all.filter((x) => !isToken(x) || (x.isInsertedInRecovery !== true && !Number.isNaN(x.startOffset))).sort((a, b) => offset(a) - offset(b));
}

function value(node: CstNode): ValueNode | null {
  const c = node.children as Children;
  const list = nodes(c['list'])[0];
  if (list) return listNode(list);
  const t = realTokens([...(c['Word'] ?? []), ...(c['StringLiteral'] ?? []), ...(c['UnterminatedString'] ?? []), ...(c['Arrow'] ?? []), ...(c['Operator'] ?? []), ...(c['Equals'] ?? []), ...(c['Comma'] ?? [])])[0];
  if (!t) return null;
  switch (t.tokenType.name) {
    case 'Word':
      return word(t);
    case 'StringLiteral':
      return stringNode(t, true);
    case 'UnterminatedString':
      return stringNode(t, false);
    case 'Arrow':
      return { kind: 'arrow', text: t.image, start: t.startOffset, end: endOf(t) };
    case 'Operator':
      return { kind: 'operator', text: t.image, start: t.startOffset, end: endOf(t) };
    case 'Equals':
      return { kind: 'equals', text: t.image, start: t.startOffset, end: endOf(t) };
    default:
      return { kind: 'comma', text: t.image, start: t.startOffset, end: endOf(t) };
  }
}

function listNode(node: CstNode): ListNode {
  const c = node.children as Children;
  const open = realTokens(c['LBracket'])[0];
  const close = realTokens(c['RBracket'])[0];
  const items = nodes(c['value'])
    .map(value)
    .filter((v): v is ValueNode => v !== null);
  const start = open?.startOffset ?? items[0]?.start ?? 0;
  const end = close ? endOf(close) : (items[items.length - 1]?.end ?? start + 1);
  return { kind: 'list', items, start, end };
}

function statement(node: CstNode): StatementNode | null {
  const c = node.children as Children;
  const kw = realTokens(c['keyword'])[0];
  if (!kw) return null;
  const values = nodes(c['value'])
    .map(value)
    .filter((v): v is ValueNode => v !== null)
    .sort((a, b) => a.start - b.start);
  const blockCst = nodes(c['block'])[0];
  const block = blockCst ? blockNode(blockCst) : null;
  const last = block ?? values[values.length - 1];
  return { kind: 'statement', keyword: word(kw), values, block, start: kw.startOffset, end: last ? last.end : endOf(kw) };
}

function statements(node: CstNode): StatementNode[] {
  return ordered(node)
    .filter((x): x is CstNode => !isToken(x) && x.name === 'statement')
    .map(statement)
    .filter((s): s is StatementNode => s !== null);
}

function blockNode(node: CstNode): BlockNode {
  const c = node.children as Children;
  const open = realTokens(c['LBrace'])[0];
  const close = realTokens(c['RBrace'])[0];
  const stmts = statements(node);
  const start = open?.startOffset ?? stmts[0]?.start ?? 0;
  const end = close ? endOf(close) : (stmts[stmts.length - 1]?.end ?? start + 1);
  return { kind: 'block', statements: stmts, start, end };
}

/** Turns the `file` CST into the syntax tree. */
export function cstToAst(cst: CstNode): FileNode {
  return { kind: 'file', statements: statements(cst) };
}
