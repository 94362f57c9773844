import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('oom-is-left-to-the-kernel', () => {
  it('refuses oom-score-adj and oom-kill-disable, at the name, and goes on with the other limits', () => {
    expect(codesOf(workload('  limits {\n    oom-score-adj -500   memory 4MiB\n    oom-kill-disable true\n  }'))).toEqual(['E0603@4:5', 'E0601@4:33', 'E0603@5:5']);
  });
  it('says why in its help', () => {
    const [score, kill] = compileText(workload('  limits { oom-score-adj -1000 oom-kill-disable on }')).diagnostics;
    expect(score!.help).toMatch(/negative score makes the kernel kill other processes/);
    expect(kill!.help).toMatch(/takes the host down/);
  });
  it('recognises Compose spellings and near misses, with "did you mean"', () => {
    const ds = compileText(workload('  limits { oom_kill_disable true  oom-score-adjust -5  omm-score-adj 1 }')).diagnostics;
    expect(ds.map((d) => [d.code, d.message])).toEqual([
      ['E0603', '`oom_kill_disable` cannot be set in a policy'],
      ['E0603', '`oom-score-adjust` cannot be set in a policy'],
      ['E0603', '`omm-score-adj` cannot be set in a policy'],
    ]);
    expect(ds.map((d) => d.help!.slice(0, 35))).toEqual(['did you mean `oom-kill-disable`? Ei', 'did you mean `oom-score-adj`? Eithe', 'did you mean `oom-score-adj`? Eithe']);
  });
  it('leaves other unknown limits to the decoder', () => {
    expect(codesOf(workload('  limits { memroy 512MiB }'))).toEqual(['E0201@3:12']);
  });
});
