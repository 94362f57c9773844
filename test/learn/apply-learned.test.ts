/**
 * applyLearned: the learned section written into the policy's text as an edit. Everything outside
 * the syscalls block stays byte for byte, every comment stays, the block is in fmt's layout, the
 * result compiles, and applying the same result again changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { formatPolicy } from '../../src/format/format.js';
import { applyLearned, learnSyscalls, parseStrace, type LearnResult } from '../../src/learn/index.js';
import { BUSYBOX_POLICY, compiled, fixture, policyOf } from './harness.js';

const result = (statements: string[], archStatement: string | null = null): LearnResult =>
  ({ statements, archStatement }) as unknown as LearnResult;

const comments = (text: string): string[] => text.split('\n').flatMap((l) => /#.*$/.exec(l)?.[0] ?? []);

const POLICY = `# header comment

workload app {  # the workload
  image "app:1"
  network {
    protocols tcp
  }

  # before the block
  syscalls {  # on the block's line
    default errno EPERM
    # above the allows
    allow @file-io, @network-server,  # inside a list
      @process
    allow socket if arg0 == AF_INET   # after a rule
    deny ptrace with kill
    # last in the block
  }  # after the block
  limits {
      memory 1GiB   # odd layout, kept
  }
}
# the end
`;

describe('applyLearned', () => {
  const learned = result(['allow getuid, read, write', 'allow ioctl if arg1 in [TCGETS, FIONBIO]']);
  const out = applyLearned(POLICY, 'app.secpol', learned);

  it('replaces the allow statements where they were, keeping the rest of the block and of the file', () => {
    expect(out).toBe(`# header comment

workload app {  # the workload
  image "app:1"
  network {
    protocols tcp
  }

  # before the block
  syscalls {  # on the block's line
    default errno EPERM
    # above the allows
    allow getuid, read, write
    allow ioctl if arg1 in [TCGETS, FIONBIO]
    # inside a list
    # after a rule
    deny ptrace with kill
    # last in the block
  }  # after the block
  limits {
      memory 1GiB   # odd layout, kept
  }
}
# the end
`);
  });

  it('keeps every comment, compiles, and is stable', () => {
    expect(comments(out).sort()).toEqual(comments(POLICY).sort());
    expect(compiled(out).codes.filter((c) => c.startsWith('E'))).toEqual([]);
    expect(applyLearned(out, 'app.secpol', learned)).toBe(out);
  });

  it('adds a syscalls block after the last block when there is none, and an arch statement', () => {
    const text = 'workload app {\n  image "app:1"\n  network {\n    protocols tcp\n  }  # net\n  user 1000:1000\n}\n';
    const added = applyLearned(text, 'app.secpol', result(['allow getuid'], 'arch x86_64'));
    expect(added).toBe('workload app {\n  image "app:1"\n  network {\n    protocols tcp\n  }  # net\n\n  arch x86_64\n  syscalls {\n    allow getuid\n  }\n  user 1000:1000\n}\n');
    expect(compiled(added).codes.filter((c) => c.startsWith('E'))).toEqual([]);
  });

  it('rewrites an existing arch statement in place', () => {
    const text = 'workload app {\n  image "app:1"\n  arch x86_64, aarch64  # both\n  syscalls {\n    allow getuid\n  }\n}\n';
    expect(applyLearned(text, 'app.secpol', result(['allow getpid'], 'arch x86_64'))).toBe('workload app {\n  image "app:1"\n  arch x86_64  # both\n  syscalls {\n    allow getpid\n  }\n}\n');
  });

  it('keeps a byte-order mark and CRLF line ends', () => {
    const text = '\uFEFFworkload app {\r\n  image "app:1"  # img\r\n  syscalls {\r\n    allow getuid\r\n  }\r\n}\r\n';
    const r = applyLearned(text, 'app.secpol', result(['allow getpid']));
    expect(r).toBe('\uFEFFworkload app {\r\n  image "app:1"  # img\r\n  syscalls {\r\n    allow getpid\r\n  }\r\n}\r\n');
    expect(applyLearned(r, 'app.secpol', result(['allow getpid']))).toBe(r);
  });

  it('cuts an allow that shares its line with another statement', () => {
    const text = 'workload app {\n  image "app:1"\n  syscalls {\n    deny ptrace; allow getuid\n  }\n}\n';
    const r = applyLearned(text, 'app.secpol', result(['allow getpid']));
    expect(r).toBe('workload app {\n  image "app:1"\n  syscalls {\n    deny ptrace\n    allow getpid\n  }\n}\n');
  });

  it('wraps a long list as fmt does, so the learned file is already canonical', () => {
    const r = learnSyscalls(parseStrace(fixture('runc-busybox.strace'), { programs: ['/bin/sh'] }), policyOf(BUSYBOX_POLICY, 'box.secpol'));
    const text = applyLearned(BUSYBOX_POLICY, 'box.secpol', r);
    const formatted = formatPolicy('box.secpol', text);
    expect(formatted.ok && formatted.text).toBe(text);
    expect(text.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(applyLearned(text, 'box.secpol', r)).toBe(text);
    expect(text.startsWith('# box.secpol — the test image\'s shell\nworkload box {\n')).toBe(true);
  });
});
