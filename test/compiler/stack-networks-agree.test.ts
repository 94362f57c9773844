import { describe, expect, it } from 'vitest';
import { stackNetworksAgree, type BatchMember } from '../../src/compiler/stack-networks-agree.js';
import { compileText, workload } from '../support/harness.js';

/** A compiled policy of a batch, from its body. */
function policy(file: string, name: string, network: string): BatchMember {
  const r = compileText(workload(`network {\n${network}\n}`).replace(/workload \S+/, `workload ${name}`), {}, file);
  if (!r.ir) throw new Error(`${file} does not compile: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return { ir: r.ir, files: r.files };
}
const where = (d: ReturnType<typeof stackNetworksAgree>[number]): string => {
  const s = d.span!;
  const p = s.file.position(s.start);
  return `${d.code}@${s.file.name}:${p.line}:${p.column}`;
};

describe('stackNetworksAgree (E0417)', () => {
  it('no error when the policies join their networks alike, or only expect one (`mode NAME`)', () => {
    expect(stackNetworksAgree([policy('a.secpol', 'a', 'join data internal\njoin edge'), policy('b.secpol', 'b', 'join data internal'), policy('c.secpol', 'c', 'mode edge')])).toEqual([]);
  });

  it('reports every join that disagrees with the first policy to join the network, with that first place as a label', () => {
    const ds = stackNetworksAgree([policy('a.secpol', 'a', 'join data internal'), policy('b.secpol', 'b', 'join data'), policy('c.secpol', 'c', 'join data internal'), policy('d.secpol', 'd', 'join data')]);
    expect(ds.map(where)).toEqual(['E0417@b.secpol:4:1', 'E0417@d.secpol:4:1']);
    const [first] = ds;
    expect(first!.message).toBe('workload `b` joins network `data` as not internal, but workload `a` joins it as internal');
    expect(first!.severity).toBe('error');
    expect(first!.label).toBe('not internal here');
    expect(first!.labels.map((l) => [l.span.file.name, l.message])).toEqual([['a.secpol', '`a` joins it as internal here']]);
    expect(first!.help).toBe('write `join data internal` in both policies, or in neither');
    // The span is the `join` statement itself.
    expect(first!.span!.file.text.slice(first!.span!.start, first!.span!.end)).toBe('join data');
  });
});
