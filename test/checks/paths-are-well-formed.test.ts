import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('paths-are-well-formed', () => {
  it('reports characters that are syntax in AppArmor', () => {
    expect(codesOf(workload('  filesystem {\n    read "/etc/{a,b}"\n    deny "/x\\"y"\n  }'))).toEqual(['E0502@4:10', 'E0502@5:10']);
  });
  it('reports . and .. components', () => {
    expect(codesOf(workload('  filesystem { read /etc/../root/** }'))).toEqual(['E0502@3:21']);
  });
  it('reports globs in a mount and `:` or `,` in mount paths', () => {
    expect(codesOf(workload('  filesystem {\n    tmpfs /tmp/*\n    volume v -> /a:b\n  }'))).toEqual(['E0502@4:11', 'E0502@5:17']);
  });
  it('reports a newline in a path', () => {
    expect(codesOf(workload('  filesystem { write "/tmp/x\\nr /etc/shadow" }'))).toEqual(['E0502@3:22']);
  });
  it('accepts globs in rules and spaces in quoted paths', () => {
    expect(codesOf(workload('  filesystem {\n    read /usr/**, /proc/*/status, "/srv/my site/**"\n    write /var/run/app?.pid\n  }'))).toEqual([]);
  });
});
