/**
 * What a statement's reader works with: the drafts the decoder fills for each block (the parts of
 * the PolicyAst being built, writable while the file is read) and the decoder's tools as a reader
 * sees them (spans, usage errors, duplicates, walking a nested block through the schema).
 */
import type { StatementNode, ValueNode } from '../../../grammar/syntax-tree.js';
import type { ExtendsAst, SelinuxAst, WorkloadAst } from '../ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile, Span, Spanned } from '../source.js';
import type { Read } from './values.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** A workload being read: its fields and the parts of its blocks are writable. */
export type WorkloadDraft = Omit<Mutable<WorkloadAst>, 'network' | 'filesystem' | 'capabilities' | 'syscalls' | 'namespaces' | 'idMaps' | 'limits' | 'lint'> & {
  network: Mutable<WorkloadAst['network']>;
  filesystem: Mutable<WorkloadAst['filesystem']>;
  capabilities: Mutable<WorkloadAst['capabilities']>;
  syscalls: Mutable<WorkloadAst['syscalls']>;
  namespaces: Mutable<WorkloadAst['namespaces']>;
  idMaps: Mutable<WorkloadAst['idMaps']>;
  limits: Mutable<WorkloadAst['limits']>;
  lint: Mutable<WorkloadAst['lint']>;
};

/** The top level of a file being read. */
export interface FileDraft {
  extends: ExtendsAst[];
  workload: WorkloadAst | null;
}

/** The parts of a `selinux { … }` block being read. */
export type SelinuxDraft = Mutable<Pick<SelinuxAst, 'user' | 'role' | 'type' | 'level'>>;

/** For every block, the draft its statements write into. */
export interface BlockInto {
  file: FileDraft;
  workload: WorkloadDraft;
  network: WorkloadDraft['network'];
  filesystem: WorkloadDraft['filesystem'];
  capabilities: WorkloadDraft['capabilities'];
  syscalls: WorkloadDraft['syscalls'];
  // Namespaces and the user namespace's id maps are two fields of the workload.
  namespaces: WorkloadDraft;
  limits: WorkloadDraft['limits'];
  lint: WorkloadDraft['lint'];
  selinux: SelinuxDraft;
}

/** A block of the language. */
export type BlockName = keyof BlockInto;

/**
 * What a reader returns: nothing, except in `limits`, where several statements share a line
 * (`memory 512MiB  pids 256`): there it says how many values it took, or null when the rest of the
 * line cannot be read.
 */
export type ReadOut<B extends BlockName> = B extends 'limits' ? number | null : void;

/** Reads one statement's values into its block's draft, reporting what is wrong. */
export type StatementReader<B extends BlockName> = (cx: DecodeContext, s: StatementNode, into: BlockInto[B]) => ReadOut<B>;

/** Whether a statement takes a block: never, always, or either (`network none` / `network { … }`). */
export type BlockForm = 'never' | 'always' | 'either';

/** One statement of a block: its block rule, its usage example and its reader. */
export interface StatementSchema<B extends BlockName = BlockName> {
  readonly block: BlockForm;
  /** Shown after "e.g." in a usage error: the statement as it is usually written. */
  readonly example: string;
  readonly read: StatementReader<B>;
}

/** The statements of every block. */
export type Schema = { readonly [B in BlockName]: Readonly<Record<string, StatementSchema<B>>> };

/** The decoder's tools, as a statement's reader uses them. Line:column is not computed here: spans are offsets. */
export interface DecodeContext {
  readonly src: SourceFile;
  /** Orders this file among the policies it is merged with. */
  readonly precedence: number;
  span(x: { start: number; end: number }): Span;
  sp<T>(value: T, x: { start: number; end: number }): Spanned<T>;
  report(d: Diagnostic): void;
  /** E0202 at the keyword (or `at`), with the statement's example from its block's schema; returns null. */
  usage(s: StatementNode, usage: string, at?: { start: number; end: number }): null;
  /** A statement said once: E0203 at the second, and the first is kept. */
  once<T>(s: StatementNode, prev: T | null, next: T | null): T | null;
  /** Splits values at commas. */
  items(values: readonly ValueNode[]): ValueNode[][];
  /** A word or string as text. */
  text(v: ValueNode | undefined): string | null;
  spannedText(v: ValueNode | undefined): Spanned<string> | null;
  /** A value read by one of values.ts's readers, or its diagnostic at the value. */
  readValue<T>(v: ValueNode, r: Read<T>, what: string): Spanned<T> | null;
  /** E0205 unless a statement that needs a block has one. */
  needBlock(s: StatementNode): boolean;
  /** E0205 when a statement that takes no block has one. */
  noBlock(s: StatementNode): void;
  /** Starts a statement of `block`: its block rule applies. False when it needs a block it lacks. */
  enter(block: BlockName, s: StatementNode): boolean;
  /** Reads the statements of a nested block, each by its entry in the schema. */
  walk<B extends BlockName>(block: B, statements: readonly StatementNode[], into: BlockInto[B]): void;
  /** A statement's schema in a block, or undefined when the block does not accept it. */
  statement<B extends BlockName>(block: B, keyword: string): StatementSchema<B> | undefined;
  /** The statements a block accepts, in the schema's order. */
  keywords(block: BlockName): readonly string[];
  /** E0201 for a statement `block` does not accept: did you mean, or the block it belongs in. */
  unknown(s: StatementNode, block: BlockName): void;
  /** Enters a free-form block (`sysctls { … }`): its statements have no examples. */
  freeForm(): void;
}

/** A workload with nothing said: every field empty. */
export function emptyWorkload(name: Spanned<string>): WorkloadAst {
  return {
    name,
    image: null,
    entrypoint: null,
    command: null,
    workdir: null,
    env: [],
    hostname: null,
    user: null,
    groups: [],
    noNewPrivileges: null,
    apparmorProfile: null,
    selinux: null,
    runtime: null,
    untrusted: null,
    arch: null,
    network: { mode: null, joins: [], publish: [], protocols: [] },
    filesystem: { root: null, tmpfs: [], mounts: [], paths: [] },
    capabilities: { add: [], drop: [] },
    syscalls: { defaultAction: null, baseline: null, rules: [] },
    namespaces: { pid: null, ipc: null, uts: null, user: null, cgroup: null },
    idMaps: { uid: [], gid: [] },
    sysctls: [],
    limits: { memory: null, memorySwap: null, memoryReservation: null, cpus: null, cpuShares: null, pids: null, ulimits: [], refused: [] },
    lint: { ignores: [] },
  };
}
