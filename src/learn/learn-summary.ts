/** The summary a user reads after `secpol learn`: plain text, the same for the same result. */
import type { LearnResult } from './learn-result.js';

const WIDTH = 100;

/** The summary of a learning result; see docs/learn.md for what each line means. */
export function learnSummary(r: LearnResult): string {
  const out: string[] = [];
  const list = (title: string, items: readonly string[], none?: string): void => {
    if (items.length === 0) {
      if (none !== undefined) out.push(`${title}: ${none}`);
      return;
    }
    out.push(...wrap(`${title} (${items.length}): `, items));
  };
  out.push(`recorded with ${r.recorder === 'strace' ? 'strace (every call, with its arguments)' : 'the kernel audit log (every call, without arguments)'} on ${r.arches.join(', ')}`);
  // Under audit the recording variant lets the baseline's calls through without a record.
  out.push(`calls observed: ${r.observed.length} beyond the runtime baseline${r.recorder === 'strace' ? ` (${r.observedAll.length} with it)` : ' (audit logs none of its calls)'}`);
  for (const c of r.counts) {
    const before = c.before === null ? 'not targeted' : String(c.before);
    const after = c.after === null ? 'not targeted' : String(c.after);
    out.push(`allowed on ${c.arch}: ${before} before, ${after} after (runtime baseline ${c.baseline}; Docker's default ${c.dockerDefault})`);
  }
  list('newly allowed', r.newlyAllowed, 'none');
  list('allowed before but never observed, removed', r.neverObserved, 'none');
  list('allowed by a base but never observed (candidates to remove there)', r.baseNeverObserved);
  list('observed but denied by the policy (kept denied)', r.deniedObserved);
  list('observed on architectures the policy does not target (not learned)', r.offTarget);
  list('syscall numbers secpol does not know (not learned)', r.unknown);
  for (const n of r.notes) out.push(...wrap('note:', n.split(' '), ' '));
  if (r.recorder === 'strace') {
    list('paths written', r.writtenPaths, 'none');
    if (r.unresolvedPaths > 0) out.push(`paths written relative to a descriptor or an unknown directory, not shown: ${r.unresolvedPaths}`);
    if (r.capabilityHints.length === 0) out.push('capabilities: no call a capability governs failed with EPERM');
    else list('capabilities: calls that failed with EPERM (a hint of a missing capability, not proof)', r.capabilityHints);
  } else {
    out.push('paths written: not seen by the audit recorder (use strace)');
    out.push('capabilities: the audit recorder sees no results, so no missing capability shows (use strace)');
  }
  list('capabilities granted whose calls were never observed', r.unusedCapabilities);
  return `${out.join('\n')}\n`;
}

/** `head` then the items joined with `, `, broken before 100 columns, continuation lines indented. */
function wrap(head: string, items: readonly string[], sep = ', '): string[] {
  const lines: string[] = [];
  let line = head;
  items.forEach((item, i) => {
    const piece = item + (i < items.length - 1 ? sep.trimEnd() : '');
    if (line.length + piece.length + 1 > WIDTH && line.trim() !== '' && line !== '  ') {
      lines.push(line.trimEnd());
      line = '  ';
    }
    line += (line.endsWith(' ') || line === '' ? '' : ' ') + piece;
  });
  lines.push(line.trimEnd());
  return lines;
}
