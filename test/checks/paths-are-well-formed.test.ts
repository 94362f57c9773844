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
  it('reports a path longer than PATH_MAX or a component longer than NAME_MAX, counted in bytes', () => {
    // 16 components of 255 bytes and their slashes: 4,096 bytes, the limit itself.
    const atLimit = `/${Array.from({ length: 16 }, () => 'a'.repeat(255)).join('/')}`;
    expect(new TextEncoder().encode(atLimit).length).toBe(4096);
    expect(codesOf(workload(`  filesystem { write ${atLimit} }`))).toEqual([]);
    expect(codesOf(workload(`  filesystem { write ${atLimit}b }`))).toEqual(['E0502@3:22']);
    expect(codesOf(workload(`  filesystem { write /tmp/${'a'.repeat(256)} }`))).toEqual(['E0502@3:22']);
    expect(codesOf(workload(`  filesystem { write "/tmp/${'é'.repeat(128)}" }`))).toEqual(['E0502@3:22']);
    expect(codesOf(workload(`  filesystem { write "/tmp/${'é'.repeat(127)}" }`))).toEqual([]);
  });
});
