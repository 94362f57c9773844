/**
 * Reads a `docker run` command line (as typed, or from a script with `\` line continuations) into
 * the neutral model. Words are split by shell-quote, as a POSIX shell would split them; the flags are
 * read as docker/cli's pflag reads them: `--flag value`, `--flag=value`, `-v value`, `-vvalue`,
 * combined booleans `-it`, `--bool=false`, then the image, then the command's arguments.
 *
 * Locating a word: shell-quote gives the words without their offsets, so each word is found in the
 * text after the previous one (its unquoted text where it appears as written, else the next word
 * start). A diagnostic's `file:line:col` is the word's place in the file, or, for a line given as
 * arguments, in that line re-quoted as one shell line (shown in full by the diagnostic).
 */
import { parse as shellParse } from 'shell-quote';
import { diag, type Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { suggest } from '../../compiler/diagnostics/suggest.js';
import type { SourceFile, Span } from '../../compiler/source.js';
import { DockerOptions } from '../docker-options.js';
import { workloadNameFrom } from '../names.js';
import { dockerDefaults, type ReadResult } from '../settings.js';
import { LONG_FLAG_NAMES, longFlag, shortFlag, type DockerFlag } from './docker-run-flags.js';

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const FORMAT = 'a `docker run` command line';
/** Typographic dashes that web pages and word processors put in place of `-`. */
const DASHES = /^[\u2010-\u2015\u2212]+/;

/** Reads the first `docker run` (or `docker container run`) of `file`. */
export function readDockerRun(file: SourceFile): ReadResult {
  const text = file.text;
  // A continuation is two characters, so two spaces keep every offset.
  const joined = text.replace(/\\\r?\n/g, (m) => ' '.repeat(m.length));
  const lines = commandRanges(joined);
  const span = (start: number, end: number): Span => ({ file, start, end: Math.max(end, start + 1) });
  for (const [from, to] of lines) {
    const line = joined.slice(from, to);
    const lead = /^\s*(?:\$\s+)?(?:sudo\s+)?docker\s/.exec(line);
    if (!lead) continue;
    const words = splitWords(line, from);
    if (!words.ok) return { policies: [], diagnostics: [diag('E0801', span(from + words.at, from + words.at + 1), { format: FORMAT, why: words.why })] };
    return readWords(file, words.words, span(from + lead[0].length - 'docker '.length, from + lead[0].length - 1));
  }
  return { policies: [], diagnostics: [diag('E0801', text.length > 0 ? span(0, Math.min(text.length, 1)) : null, { format: FORMAT, why: 'no line starts with `docker`' }, { help: 'give the command as `secpol import docker-run -- docker run … IMAGE`, or a file whose line runs `docker run`' })] };
}

/**
 * The [start, end) of each command: a newline ends one unless it is inside quotes (a quoted argument
 * may span lines, as in a shell). Continuations are already blanked.
 */
function commandRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  let quote: string | null = null;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (i === text.length || (c === '\n' && quote === null)) {
      out.push([s, i]);
      s = i + 1;
    } else if (quote === null && c === '#' && (i === s || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      out.push([s, i]);
      s = nl < 0 ? text.length + 1 : nl + 1;
      i = nl < 0 ? text.length : nl;
    } else if (c === '\\' && quote !== "'") i++;
    else if (quote === null && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = null;
  }
  return out;
}

/** The shell words of one line and where each starts; stops at a shell operator (`|`, `&&`, `;`, `>` …) or a comment. */
function splitWords(line: string, base: number): { ok: true; words: Word[] } | { ok: false; at: number; why: string } {
  const open = unclosedQuote(line);
  if (open >= 0) return { ok: false, at: open, why: `a ${line[open] === "'" ? 'single' : 'double'} quote is never closed` };
  let parsed: ReturnType<typeof shellParse>;
  // Variables stay as the text they are (W0805 says so): the import never reads the environment.
  try {
    parsed = shellParse(escapedBackticksOutOfDoubleQuotes(line), (key) => `$${key}`);
  } catch (e) {
    return { ok: false, at: 0, why: `the shell words do not parse (${e instanceof Error ? e.message : String(e)})` };
  }
  const words: Word[] = [];
  let cursor = 0;
  for (const p of parsed) {
    let t: string;
    if (typeof p === 'string') t = p;
    else if ('op' in p && p.op === 'glob') t = p.pattern;
    else break;
    while (cursor < line.length && /\s/.test(line[cursor]!)) cursor++;
    const found = t === '' ? -1 : line.indexOf(t, cursor);
    const start = found >= 0 && line.slice(cursor, found).trim() === '' ? found : cursor;
    let end = start;
    while (end < line.length && !/\s/.test(line[end]!)) end++;
    words.push({ text: t, start: base + start, end: base + Math.max(end, start + 1) });
    cursor = end;
  }
  return { ok: true, words };
}

/**
 * shell-quote keeps the backslash of `\`` inside double quotes, where a POSIX shell drops it
 * (`"a\`b"` is a`b, the spelling shell-quote's own `quote` writes for a value with `'` and `` ` ``).
 * Each such pair is moved out of the quotes (`"a"\`"b"`), where shell-quote reads it as the shell does.
 */
function escapedBackticksOutOfDoubleQuotes(line: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && quote !== "'" && i + 1 < line.length) {
      out += quote === '"' && line[i + 1] === '`' ? '"\\`"' : c + line[i + 1]!;
      i++;
    } else {
      if (quote === null && (c === "'" || c === '"')) quote = c;
      else if (c === quote) quote = null;
      out += c;
    }
  }
  return out;
}

/** Reads `docker [container] run OPTIONS IMAGE [COMMAND …]`. */
function readWords(file: SourceFile, words: readonly Word[], at: Span): ReadResult {
  const span = (w: Word): Span => ({ file, start: w.start, end: w.end });
  let i = words[0]?.text === 'sudo' ? 1 : 0;
  if (words[i]?.text !== 'docker') return unreadable(file, at, 'the line does not run `docker`');
  i++;
  if (words[i]?.text === 'container') i++;
  if (words[i]?.text !== 'run') return unreadable(file, words[i] ? span(words[i]!) : at, `\`docker ${words[i]?.text ?? ''}\` is not \`docker run\``);
  i++;

  const w = dockerDefaults('workload');
  const o = new DockerOptions(w);
  const errors: Diagnostic[] = [];
  for (const word of words) {
    const v = /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.exec(word.text);
    if (v) o.diagnostics.push(diag('W0805', span(word), { text: v[0] }));
  }
  let name: string | null = null;

  const apply = (flag: DockerFlag, shown: string, value: string | null, s: Span): void => {
    if (flag.use === 'team') return o.leftToTeam(shown, s);
    if (flag.use === 'not-carried') return o.notCarried(shown, flag.why ?? 'the language has no statement for it', s);
    const val = value ?? '';
    const on = value === null || value === 'true';
    switch (flag.name) {
      case 'cap-add': return o.addCapability(val, s);
      case 'cap-drop': return o.dropCapability(val, s);
      case 'privileged': return o.setPrivileged(on, s);
      case 'security-opt': return o.securityOpt(val, s);
      case 'read-only': w.readOnlyRoot = on; return;
      case 'tmpfs': return o.tmpfs(val, s);
      case 'volume': return o.volume(val, s);
      case 'mount': return readMount(o, val, s);
      case 'publish': return o.publish(val, s);
      case 'network': case 'net': return o.network(val, s);
      case 'pid': return o.namespace('pid', val, s);
      case 'ipc': return o.namespace('ipc', val, s);
      case 'uts': return o.namespace('uts', val, s);
      case 'userns': return o.namespace('user', val, s);
      case 'cgroupns': return o.namespace('cgroup', val, s);
      case 'user': return o.user(val, s);
      case 'group-add': return o.groupAdd(val, s);
      case 'memory': return o.memory('memory', val, s);
      case 'memory-swap': return o.memory('memorySwap', val, s);
      case 'memory-reservation': return o.memory('memoryReservation', val, s);
      case 'cpus': return o.cpus(val, s);
      case 'cpu-shares': return o.cpuShares(val, s);
      case 'pids-limit': return o.pids(val, s);
      case 'ulimit': return o.ulimit(val, s);
      case 'sysctl': return o.sysctl(val, s);
      case 'runtime': w.runtime = val; return;
      case 'hostname': w.hostname = val; return;
      case 'workdir': w.workdir = val; return;
      case 'env': return o.env(val, s);
      case 'entrypoint': w.entrypoint = val === '' ? null : [val]; return;
      case 'name': name = val; return;
      case 'shm-size': return o.shmSize(val, s);
    }
  };

  let image: Word | null = null;
  for (; i < words.length; i++) {
    const word = words[i]!;
    const t = word.text;
    const dash = DASHES.exec(t);
    if (dash) {
      const fixed = t.replace(DASHES, dash[0].length === 1 && t.length > 2 ? '--' : '-');
      errors.push(diag('E0802', span(word), { flag: t }, { suggestion: fixed.split('=')[0]!, notes: ['the first character is a typographic dash, not `-`: text copied from a web page often has one'] }));
      continue;
    }
    if (t === '--') continue;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const fname = eq < 0 ? t.slice(2) : t.slice(2, eq);
      const flag = longFlag(fname);
      if (!flag) {
        errors.push(diag('E0802', span(word), { flag: `--${fname}` }, unknownFlagHelp(`--${fname}`)));
        if (eq < 0 && words[i + 1] && !words[i + 1]!.text.startsWith('-')) i++;
        continue;
      }
      let value: string | null = eq < 0 ? null : t.slice(eq + 1);
      let s = span(word);
      if (flag.value && value === null) {
        const next = words[i + 1];
        if (!next) {
          errors.push(diag('E0803', span(word), { what: 'option', value: t, why: 'it needs a value' }));
          continue;
        }
        value = next.text;
        s = { file, start: word.start, end: next.end };
        i++;
      } else if (!flag.value && value !== null && value !== 'true' && value !== 'false') {
        errors.push(diag('E0803', span(word), { what: 'option', value: t, why: `\`--${fname}\` takes no value but \`true\` or \`false\`` }));
        continue;
      }
      apply(flag, `--${fname}`, value, s);
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      // Combined short options: booleans until one takes a value, which is the rest or the next word.
      for (let k = 1; k < t.length; k++) {
        const flag = shortFlag(t[k]!);
        if (!flag) {
          errors.push(diag('E0802', span(word), { flag: `-${t[k]}` }, unknownFlagHelp(`-${t[k]}`)));
          break;
        }
        if (!flag.value) {
          apply(flag, `-${t[k]}`, null, span(word));
          continue;
        }
        let value = t.slice(k + 1).replace(/^=/, '');
        let s = span(word);
        if (value === '') {
          const next = words[i + 1];
          if (!next) {
            errors.push(diag('E0803', span(word), { what: 'option', value: `-${t[k]}`, why: 'it needs a value' }));
            break;
          }
          value = next.text;
          s = { file, start: word.start, end: next.end };
          i++;
        }
        apply(flag, `-${t[k]}`, value, s);
        break;
      }
      continue;
    }
    image = word;
    i++;
    break;
  }
  if (!image) errors.push(diag('E0801', at, { format: FORMAT, why: 'it names no image' }, { help: 'the image follows the options: `docker run [OPTIONS] IMAGE [COMMAND]`' }));
  else {
    w.image = image.text;
    const args = words.slice(i).map((x) => x.text);
    if (args.length > 0) w.command = args;
  }
  o.finish();
  w.name = workloadNameFrom(name ?? (image ? image.text : 'workload'));
  return { policies: [{ workload: w, span: image ? span(image) : at, diagnostics: [...errors, ...o.diagnostics] }], diagnostics: [] };
}

/** `--mount type=bind,source=…,target=…,readonly` (docker/cli `opts/mount.go`). */
function readMount(o: DockerOptions, spec: string, s: Span): void {
  const kv = new Map<string, string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    kv.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? 'true' : part.slice(eq + 1));
  }
  const type = kv.get('type') ?? 'volume';
  const target = kv.get('target') ?? kv.get('destination') ?? kv.get('dst');
  if (!target) return o.invalid('mount', spec, 'Docker needs `target=`', s);
  const ro = ['readonly', 'ro'].some((k) => kv.has(k) && kv.get(k) !== 'false' && kv.get(k) !== '0');
  if (type === 'tmpfs') {
    const size = kv.get('tmpfs-size');
    const mode = kv.get('tmpfs-mode');
    o.tmpfs(`${target}:${[size ? `size=${size}` : '', mode ? `mode=${mode}` : '', ro ? 'ro' : ''].filter((x) => x).join(',')}`, s);
    return;
  }
  if (type !== 'bind' && type !== 'volume') return o.notCarried(`--mount type=${type}`, 'the language mounts volumes, binds and tmpfs', s);
  const source = kv.get('source') ?? kv.get('src');
  if (!source) return o.notCarried(spec, 'an anonymous volume has no name the policy could give it', s);
  const known = new Set(['type', 'target', 'destination', 'dst', 'source', 'src', 'readonly', 'ro']);
  const extra = [...kv.keys()].filter((k) => !known.has(k));
  o.mount(type, source, target, ro ? ['ro', ...extra] : extra, spec, s);
}

function unknownFlagHelp(flag: string): { suggestion?: string; help?: string } {
  const guess = suggest(flag, LONG_FLAG_NAMES);
  return guess ? { suggestion: guess } : { help: '`docker run --help` lists the options' };
}

function unreadable(file: SourceFile, at: Span, why: string): ReadResult {
  void file;
  return { policies: [], diagnostics: [diag('E0801', at, { format: FORMAT, why })] };
}

/** The offset of a quote that is never closed, or -1. */
function unclosedQuote(line: string): number {
  let quote: string | null = null;
  let at = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && quote !== "'") i++;
    else if (quote === null && (c === "'" || c === '"')) [quote, at] = [c, i];
    else if (c === quote) quote = null;
  }
  return quote === null ? -1 : at;
}
