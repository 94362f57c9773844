/** Shared helpers of the learn tests: fixtures, a policy compiled as `secpol learn` compiles it, and its filter's verdicts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompilerHost } from '../../src/compiler/3-resolve/load.js';
import { compile } from '../../src/compiler/compile.js';
import type { PolicyIR } from '../../src/compiler/ir.js';
import { emitAll } from '../../src/emitters/index.js';
import type { LearnPolicy } from '../../src/learn/index.js';
import type { ObservedCall, Recording } from '../../src/learn/recording.js';
import { evaluate, type Profile, type Verdict } from '../support/seccomp-eval.js';
import { repoRoot } from '../support/repo.js';

/** A recorded fixture's text. */
export const fixture = (name: string): string => readFileSync(join(repoRoot, 'test', 'learn', 'fixtures', name), 'utf8');

/** A host that knows the given files only. */
export const hostOf = (files: Readonly<Record<string, string>>): CompilerHost => ({ readFile: (f) => files[f] });

/** A policy compiled for learning; throws when it does not compile. */
export function policyOf(text: string, fileName = 'app.secpol', files: Readonly<Record<string, string>> = {}): LearnPolicy {
  const host = hostOf({ ...files, [fileName]: text });
  const compiled = compile(fileName, text, host);
  if (!compiled.ir) throw new Error(`does not compile: ${compiled.diagnostics.map((d) => d.code).join(', ')}`);
  return { ir: compiled.ir, compiled, fileName, text, host };
}

/** The IR of a text, and its diagnostics' codes. */
export function compiled(text: string, fileName = 'app.secpol', files: Readonly<Record<string, string>> = {}): { ir: PolicyIR | null; codes: string[] } {
  const r = compile(fileName, text, hostOf({ ...files, [fileName]: text }));
  return { ir: r.ir, codes: r.diagnostics.map((d) => d.code) };
}

/** What the policy's emitted seccomp profile does with a call on x86_64. */
export function verdict(ir: PolicyIR, name: string, args: readonly bigint[] = []): Verdict {
  const profile = JSON.parse(emitAll(ir, ['seccomp']).find((a) => a.path.endsWith('.seccomp.json'))!.content) as Profile;
  return evaluate(profile, name, args);
}

/** A hand-written recording. */
export function recording(calls: readonly (Omit<ObservedCall, 'count' | 'arch'> & { arch?: ObservedCall['arch'] })[], extra: Partial<Recording> = {}): Recording {
  return {
    recorder: 'strace',
    calls: calls.map((c): ObservedCall => ({ arch: 'x86_64', count: 1, ...c })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    writtenPaths: [],
    lost: 0,
    unknown: [],
    ...extra,
  };
}

/** A small policy for the workload the fixtures recorded (busybox under runc). */
export const BUSYBOX_POLICY = `# box.secpol — the test image's shell
workload box {
  image "secpol-test/busybox:1"
  command "/bin/sh" "-c" "true"
  network {
    protocols tcp, unix
  }
  capabilities {
    add NET_BIND_SERVICE
  }
  syscalls {
    # a quick start from groups
    allow @file-io, @file-meta, @network-server, @process, @signals  # groups
    deny ptrace with kill
  }
}
`;
