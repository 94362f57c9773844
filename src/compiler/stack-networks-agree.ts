/**
 * The one check across the policies of a batch: a Compose stack (`build --compose-stack`) declares
 * each network once, and the engine has one network of a name, internal or not, so every policy that
 * joins a network must say the same of it. Reported at each `join` that disagrees with the first
 * policy (in command-line order) to join the network, labelled with that first place.
 */
import { diag, type Diagnostic } from './diagnostics/diagnostic.js';
import type { JoinedNetwork, Origin, PolicyIR } from './ir.js';
import type { SourceFile, Span } from './source.js';

/** A compiled policy of the batch: its IR and the files it was compiled from (for the spans). */
export interface BatchMember {
  readonly ir: PolicyIR;
  readonly files: readonly SourceFile[];
}

/** The span of the statement an origin names, in the files of its policy (null when it is none of them). */
function spanOf(files: readonly SourceFile[], o: Origin): Span | null {
  const file = files.find((f) => f.name === o.file);
  if (!file || o.line === 0) return null;
  const start = file.offsetOf(o.line, o.column);
  return { file, start, end: Math.max(start, file.offsetOf(o.endLine, o.endColumn)) };
}

const how = (n: JoinedNetwork): string => (n.internal ? 'as internal' : 'as not internal');

/** Errors for every `join` of a network that another policy of the batch joins with a different `internal`. */
export function stackNetworksAgree(members: readonly BatchMember[]): Diagnostic[] {
  const first = new Map<string, { member: BatchMember; network: JoinedNetwork }>();
  const out: Diagnostic[] = [];
  for (const member of members) {
    const mode = member.ir.network.mode;
    if (mode.kind !== 'networks') continue;
    for (const network of mode.networks) {
      const seen = first.get(network.name);
      if (!seen) {
        first.set(network.name, { member, network });
        continue;
      }
      if (seen.network.internal === network.internal) continue;
      const there = spanOf(seen.member.files, seen.network.origin);
      out.push(
        diag(
          'E0417',
          spanOf(member.files, network.origin),
          { network: network.name, workload: member.ir.name, how: how(network), other: seen.member.ir.name, otherHow: how(seen.network) },
          {
            label: network.internal ? 'internal here' : 'not internal here',
            labels: there ? [{ span: there, message: `\`${seen.member.ir.name}\` joins it ${how(seen.network)} here` }] : [],
            notes: [`one Compose file declares network \`${network.name}\` once, for all of its services`],
            help: `write \`join ${network.name} internal\` in both policies, or in neither`,
          },
        ),
      );
    }
  }
  return out;
}
