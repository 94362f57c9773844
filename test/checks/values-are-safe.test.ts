import { describe, expect, it } from 'vitest';
import { codesOf, workload } from '../support/harness.js';

describe('values-are-safe', () => {
  it('reports control characters in arguments and env values', () => {
    expect(codesOf(workload('  command "sh" "-c" "a\\nb"'))).toEqual(['E0505@3:11']);
    expect(codesOf(workload('  env A = "x\\ny"'))).toEqual(['E0505@3:11']);
  });
  it('reports malformed env names, hostnames and sysctls, and control characters in images', () => {
    expect(codesOf(workload('  env "A-B" = "x"'))).toEqual(['E0505@3:7']);
    expect(codesOf(workload('  hostname "a.b"'))).toEqual(['E0505@3:12']);
    expect(codesOf(workload('  sysctl kernel = "1"'))).toEqual(['E0505@3:10']);
    expect(codesOf('workload app {\n  image "a\tb"\n}\n')).toEqual(['E0505@2:9']);
  });
  it('reports an argument or an environment string longer than the kernel passes to a program', () => {
    const at = (n: number): string => 'a'.repeat(n);
    expect(codesOf(workload(`  command "sh" "${at(131_073)}"`))).toEqual(['E0505@3:11']);
    expect(codesOf(workload(`  entrypoint "${at(131_073)}"`))).toEqual(['E0505@3:14']);
    expect(codesOf(workload(`  command "sh" "${at(131_072)}"`))).toEqual([]);
    // Counted in bytes, name and `=` included.
    expect(codesOf(workload(`  env A = "${'é'.repeat(65_536)}"`))).toEqual(['E0505@3:11']);
    expect(codesOf(workload(`  env A = "${at(131_070)}"`))).toEqual([]);
    expect(codesOf(workload(`  env A = "${at(131_071)}"`))).toEqual(['E0505@3:11']);
  });
  it('accepts ordinary values, including spaces and quotes in arguments', () => {
    expect(codesOf(workload('  command "nginx" "-g" "daemon off; \\"q\\""\n  env LANG = "C.UTF-8"\n  hostname web-1\n  sysctl net.ipv4.ip_unprivileged_port_start = 80'))).toEqual([]);
  });
});
