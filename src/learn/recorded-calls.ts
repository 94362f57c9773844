/**
 * What both parsers build while they read a recorder's text: distinct calls per ABI with their
 * counts and the argument values worth keeping, then frozen into a Recording (sorted, so equal text
 * gives an equal recording).
 */
import type { Arch } from '../compiler/ir.js';
import { KNOWN_ARCHES } from '../compiler/data/arches.js';
import type { ObservedCall, Recording, RecorderName } from './recording.js';

/**
 * The arguments whose values a recording keeps, by syscall: the ones `learn` may turn into a
 * condition (families and types, requests, options, flags). Pointers, lengths and descriptors are
 * not kept: they differ on every call and no condition is written on them.
 */
export const RECORDED_ARGS: ReadonlyMap<string, readonly number[]> = new Map([
  ['socket', [0, 1]],
  ['socketpair', [0, 1]],
  ['ioctl', [1]],
  ['prctl', [0]],
  ['fcntl', [1]],
  ['clone', [0]],
]);

interface Tally {
  count: number;
  args: Map<number, Set<bigint>> | null;
}

/** A recording being built. */
export class RecordingBuilder {
  private readonly calls = new Map<string, Tally>();
  private readonly written = new Set<string>();
  private readonly unknownNumbers = new Set<string>();
  private readonly denied = new Set<string>();
  lost = 0;
  unresolvedPaths = 0;

  constructor(private readonly recorder: RecorderName) {}

  /** One call of `name` on `arch`; `args` the values of the recorded arguments that could be read. */
  call(arch: Arch, name: string, args?: ReadonlyMap<number, bigint> | null): void {
    const key = `${arch}\u0000${name}`;
    let t = this.calls.get(key);
    if (!t) this.calls.set(key, (t = { count: 0, args: args === undefined || args === null ? null : new Map() }));
    t.count++;
    if (!args) {
      // A call whose arguments could not be read: no condition may rest on the values seen.
      t.args = null;
      return;
    }
    if (!t.args) return;
    for (const [i, v] of args) {
      let s = t.args.get(i);
      if (!s) t.args.set(i, (s = new Set()));
      s.add(v);
    }
  }

  /** An observed call of another recording, its count and values added to this one's. */
  add(c: ObservedCall): void {
    const key = `${c.arch}\u0000${c.name}`;
    let t = this.calls.get(key);
    if (!t) this.calls.set(key, (t = { count: 0, args: c.args ? new Map() : null }));
    t.count += c.count;
    if (!c.args) t.args = null;
    if (!t.args || !c.args) return;
    for (const [i, vs] of c.args) {
      let s = t.args.get(i);
      if (!s) t.args.set(i, (s = new Set()));
      for (const v of vs) s.add(v);
    }
  }

  /** A number the table does not name, as `arch:number`. */
  unknown(label: string): void {
    this.unknownNumbers.add(label);
  }

  /** A path written (absolute, normalised). */
  wrote(path: string): void {
    this.written.add(path);
  }

  /** A call that failed with EPERM. */
  permissionDenied(name: string): void {
    this.denied.add(name);
  }

  build(): Recording {
    const archRank = (a: Arch): number => KNOWN_ARCHES.indexOf(a);
    const calls: ObservedCall[] = [...this.calls.entries()]
      .map(([key, t]) => {
        const [arch, name] = key.split('\u0000') as [Arch, string];
        const call: ObservedCall = { arch, name, count: t.count };
        if (!t.args) return call;
        const args = new Map<number, readonly bigint[]>();
        for (const i of [...t.args.keys()].sort((a, b) => a - b)) args.set(i, [...t.args.get(i)!].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        return { ...call, args };
      })
      .sort((a, b) => archRank(a.arch) - archRank(b.arch) || cmp(a.name, b.name));
    return {
      recorder: this.recorder,
      calls,
      writtenPaths: [...this.written].sort(cmp),
      lost: this.lost,
      unknown: [...this.unknownNumbers].sort(cmp),
      permissionDenied: [...this.denied].sort(cmp),
      unresolvedPaths: this.unresolvedPaths,
    };
  }
}

/** Code-unit order: the same on every machine and locale. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One recording of everything several recordings of one workload saw (a run and its `runc exec` health checks). */
export function mergeRecordings(recordings: readonly Recording[]): Recording {
  const first = recordings[0];
  if (!first) throw new Error('mergeRecordings needs at least one recording');
  const out = new RecordingBuilder(first.recorder);
  for (const r of recordings) {
    for (const c of r.calls) out.add(c);
    for (const p of r.writtenPaths) out.wrote(p);
    for (const u of r.unknown) out.unknown(u);
    for (const n of r.permissionDenied ?? []) out.permissionDenied(n);
    out.lost += r.lost;
    out.unresolvedPaths += r.unresolvedPaths ?? 0;
  }
  return out.build();
}
