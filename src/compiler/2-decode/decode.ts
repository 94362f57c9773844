/**
 * Phase 2: syntax tree → typed policy AST, as a walk over the statement schema (schema.ts). Each
 * statement is looked up in its block; the block rule, an unknown or misplaced statement ("did
 * you mean", "`publish` belongs in the `network { … }` block") and a duplicate are judged here, the
 * same way for every statement, and the entry's reader reads the values. Known names
 * (capabilities, syscalls, constants) are not resolved here: the checks do that, with context.
 */
import type { FileNode, StatementNode, ValueNode } from '../../../grammar/syntax-tree.js';
import type { PolicyAst } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/suggest.js';
import type { SourceFile, Span, Spanned } from '../source.js';
import type { BlockInto, BlockName, DecodeContext, FileDraft, Schema, StatementSchema } from './draft.js';
import { ELSEWHERE, SCHEMA, statementSchema } from './schema.js';
import type { Read } from './values.js';

export { BLOCK_KEYWORDS } from './schema.js';
export { emptyWorkload } from './draft.js';

/**
 * Decodes one parsed file. `precedence` orders it among the policies it is merged with; `schema`
 * is the language's (a test may extend it).
 */
export function decode(file: SourceFile, tree: FileNode, precedence: number, schema: Schema = SCHEMA): { ast: PolicyAst; diagnostics: Diagnostic[] } {
  const d = new Decoder(file, precedence, schema);
  const f: FileDraft = { extends: [], workload: null };
  d.walk('file', tree.statements, f);
  if (!f.workload && d.diagnostics.length === 0)
    d.report(diag('E0204', { file, start: 0, end: 0 }, { problem: 'the file has no `workload NAME { … }` block' }, { help: 'a policy describes one workload: `workload web { image "nginx:1.27" }`' }));
  return { ast: { extends: f.extends, workload: f.workload }, diagnostics: d.diagnostics };
}

class Decoder implements DecodeContext {
  readonly diagnostics: Diagnostic[] = [];
  /** The block whose statements are being read (null in a free-form block, `sysctls { … }`): whose examples a usage error shows. */
  private where: BlockName | null = 'file';
  /** Each block's statements, in the schema's order. */
  private readonly keywordsOf = new Map<BlockName, readonly string[]>();
  constructor(
    readonly src: SourceFile,
    readonly precedence: number,
    private readonly schema: Schema,
  ) {}

  span(x: { start: number; end: number }): Span {
    return { file: this.src, start: x.start, end: x.end };
  }

  sp<T>(value: T, x: { start: number; end: number }): Spanned<T> {
    return { value, span: this.span(x) };
  }

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  statement<B extends BlockName>(block: B, keyword: string): StatementSchema<B> | undefined {
    return statementSchema(block, keyword, this.schema);
  }

  keywords(block: BlockName): readonly string[] {
    let k = this.keywordsOf.get(block);
    if (!k) this.keywordsOf.set(block, (k = Object.keys(this.schema[block])));
    return k;
  }

  walk<B extends BlockName>(block: B, statements: readonly StatementNode[], into: BlockInto[B]): void {
    for (const s of statements) {
      if (!this.enter(block, s)) continue;
      const entry = this.statement(block, s.keyword.text);
      if (entry) entry.read(this, s, into);
      else this.unknown(s, block);
    }
  }

  usage(s: StatementNode, usage: string, at?: { start: number; end: number }): null {
    const example = this.where ? this.statement(this.where, s.keyword.text)?.example : undefined;
    this.report(diag('E0202', this.span(at ?? s.keyword), { statement: s.keyword.text, usage }, { help: `e.g. ${example ?? s.keyword.text}` }));
    return null;
  }

  noBlock(s: StatementNode): void {
    if (s.block) this.report(diag('E0205', this.span({ start: s.block.start, end: s.block.start + 1 }), { statement: s.keyword.text, wants: 'no block' }));
  }

  /**
   * Starts reading a statement of `block`: its examples are that block's, and the schema's block
   * rule applies (an unknown statement takes no block either). False when it needs a block it lacks.
   */
  enter(block: BlockName, s: StatementNode): boolean {
    this.where = block;
    const form = this.statement(block, s.keyword.text)?.block ?? 'never';
    if (form === 'never') this.noBlock(s);
    else if (form === 'always') return this.needBlock(s);
    return true;
  }

  freeForm(): void {
    this.where = null;
  }

  needBlock(s: StatementNode): boolean {
    if (s.block) return true;
    this.report(diag('E0205', this.span(s.keyword), { statement: s.keyword.text, wants: 'a block' }, { help: `write \`${s.keyword.text} { … }\`` }));
    return false;
  }

  unknown(s: StatementNode, where: BlockName): void {
    const kw = s.keyword.text;
    const whereText = where === 'file' ? 'the top level of a policy' : where === 'workload' ? 'the workload block' : `the \`${where}\` block`;
    const elsewhere = ELSEWHERE[where];
    if (elsewhere && Object.hasOwn(elsewhere, kw)) {
      this.report(diag('E0201', this.span(s.keyword), { keyword: kw, where: whereText }, { help: elsewhere[kw]! }));
      return;
    }
    const home = (Object.keys(this.schema) as BlockName[]).find((b) => b !== where && this.keywords(b).includes(kw));
    const guess = suggest(kw, this.keywords(where));
    const help = home
      ? home === 'workload'
        ? `\`${kw}\` belongs directly in the \`workload NAME { … }\` block`
        : home === 'file'
          ? `\`${kw}\` belongs at the top level of the file`
          : `\`${kw}\` belongs in the \`${home} { … }\` block`
      : undefined;
    this.report(
      diag('E0201', this.span(s.keyword), { keyword: kw, where: whereText }, guess && !home ? { suggestion: guess } : { help: help ?? `expected one of: ${this.keywords(where).join(', ')}` }),
    );
  }

  items(values: readonly ValueNode[]): ValueNode[][] {
    const out: ValueNode[][] = [[]];
    for (const v of values) {
      if (v.kind === 'comma') out.push([]);
      else out[out.length - 1]!.push(v);
    }
    return out.filter((i) => i.length > 0);
  }

  text(v: ValueNode | undefined): string | null {
    if (!v) return null;
    if (v.kind === 'word') return v.text;
    if (v.kind === 'string') return v.value;
    return null;
  }

  spannedText(v: ValueNode | undefined): Spanned<string> | null {
    const t = this.text(v);
    return t === null || !v ? null : this.sp(t, v);
  }

  readValue<T>(v: ValueNode, r: Read<T>, what: string): Spanned<T> | null {
    if (r.ok) return this.sp(r.value, v);
    const text = this.text(v) ?? v.kind;
    if (r.why === 'size') this.report(diag('E0208', this.span(v), { text }, { help: r.help ?? null }));
    else if (r.why === 'port') this.report(diag('E0503', this.span(v), { text }, { help: r.help ?? null }));
    else if (r.why === 'address') this.report(diag('E0504', this.span(v), { text }, { help: 'write `127.0.0.1:8080`, or an IPv6 address in brackets inside quotes: `"[::1]:8080"`' }));
    else this.report(diag('E0207', this.span(v), { text, what }, { help: r.help ?? null }));
    return null;
  }

  once<T>(s: StatementNode, prev: T | null, next: T | null): T | null {
    if (prev !== null && next !== null) {
      this.report(diag('E0203', this.span(s.keyword), { statement: s.keyword.text }));
      return prev;
    }
    return next ?? prev;
  }
}
