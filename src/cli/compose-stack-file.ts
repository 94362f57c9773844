/**
 * `--compose-stack FILE` of `build` and `build --check`: where the batch's one Compose file goes, and
 * each workload's seccomp profile as a path from that file's folder (`./web/web.seccomp.json`,
 * `../secpol-out/web/web.seccomp.json`), so the emitter stays a function of the IRs and those
 * paths. The batch check (networks joined alike) runs first; its errors stop the build like any other.
 */
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { PolicyIR } from '../compiler/ir.js';
import type { SourceFile } from '../compiler/source.js';
import { stackNetworksAgree } from '../compiler/stack-networks-agree.js';
import type { EmitOptions } from '../emitters/artifact.js';
import { emitComposeStack } from '../emitters/compose-stack.js';
import { UsageError } from './usage-error.js';

/** A compiled policy of the batch, with the paths of its artifacts (relative to its folder under the output folder). */
export interface StackWorkload {
  readonly ir: PolicyIR;
  readonly files: readonly SourceFile[];
  readonly artifacts: readonly string[];
}

/** The stack file to write: its absolute path, the path as shown to the user, and its text. */
export interface StackFile {
  readonly path: string;
  readonly shown: string;
  readonly content: string;
}

/**
 * The stack file of a batch, or the batch check's errors. Throws a UsageError when the file cannot
 * name the profiles: the seccomp target is not built, the file would replace an artifact, or the path
 * from it to a profile holds a character `seccomp=PATH` cannot carry.
 */
export function composeStackFile(cwd: string, outDir: string, stack: string, workloads: readonly StackWorkload[], options: EmitOptions): StackFile | { readonly diagnostics: Diagnostic[] } {
  const diagnostics = stackNetworksAgree(workloads);
  if (diagnostics.length > 0) return { diagnostics };
  const path = resolve(cwd, stack);
  const folder = dirname(path);
  const members = workloads.map((w) => {
    const profile = w.artifacts.find((a) => a === `${w.ir.name}.seccomp.json`);
    if (profile === undefined) throw new UsageError('`--compose-stack` names every workload\'s seccomp profile, but the seccomp target is not built', 'add `seccomp` to `--target`, or leave out `--compose-stack`');
    for (const a of w.artifacts) {
      const artifact = resolve(cwd, outDir, w.ir.name, a);
      if (artifact === path || artifact.startsWith(path + sep))
        throw new UsageError(`\`--compose-stack ${stack}\` would replace the artifact \`${join(outDir, w.ir.name, a)}\``, `choose another file, such as \`${join(outDir, 'compose.yaml')}\``);
    }
    let rel = relative(folder, resolve(cwd, outDir, w.ir.name, profile)).split(sep).join('/');
    if (!rel.startsWith('../')) rel = `./${rel}`;
    // The path is data in a `seccomp=PATH` option: Compose splits that at `=`, and secpol keeps `,` and control characters out.
    if (/[=,\\]/.test(rel) || /[\u0000-\u001f\u007f-\u009f]/.test(rel))
      throw new UsageError(`the path from \`${stack}\` to \`${join(outDir, w.ir.name, profile)}\` holds \`=\`, \`,\`, \`\\\` or a control character, which a Compose \`seccomp=\` option cannot carry`, 'choose an output folder and a stack file whose paths have none');
    return { ir: w.ir, seccompPath: rel };
  });
  return { path, shown: stack, content: emitComposeStack(members, options).content };
}
