import { describe, expect, it } from 'vitest';
import { codesOf, compileText, workload } from '../support/harness.js';

describe('selinux-labels-are-well-formed', () => {
  it('accepts a full label and relabelled mounts', () => {
    const body = '  selinux {\n    user system_u\n    role system_r\n    type container_t\n    level "s0:c100,c200"\n  }\n  filesystem {\n    volume data -> /data relabel private\n    bind "/srv/app" -> /app readonly relabel shared\n  }';
    expect(codesOf(workload(body))).toEqual([]);
  });
  it('accepts level ranges and category ranges', () => {
    expect(codesOf(workload('  selinux { level "s0-s0:c0.c1023" }'))).toEqual([]);
    expect(codesOf(workload('  selinux { level s15:c5 }'))).toEqual([]);
  });
  it('refuses a `:` that would shift the label\'s fields', () => {
    expect(codesOf(workload('  selinux {\n    type "container_t:s0"\n    user "system_u:system_r"\n  }'))).toEqual(['E0507@4:10', 'E0507@5:10']);
  });
  it('refuses levels out of range or with stray syntax, a newline among them', () => {
    expect(codesOf(workload('  selinux { level "s0:c1024" }'))).toEqual(['E0507@3:19']);
    expect(codesOf(workload('  selinux { level "s16" }'))).toEqual(['E0507@3:19']);
    expect(codesOf(workload('  selinux { level "s0:c1,c2\\ntype:spc_t" }'))).toEqual(['E0507@3:19']);
    expect(codesOf(workload('  selinux { level "s0 ,c1" }'))).toEqual(['E0507@3:19']);
  });
  it('refuses an unknown relabel mode, reading Docker\'s z and Z', () => {
    const r = compileText(workload('  filesystem {\n    volume data -> /data relabel Z\n  }'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0210']);
    expect(r.diagnostics[0]!.suggestion).toBe('private');
    expect(compileText(workload('  filesystem { volume data -> /data relabel sharde }')).diagnostics[0]!.suggestion).toBe('shared');
  });
  it('refuses `selinux` with an unknown word and parts outside the block', () => {
    const r = compileText(workload('  selinux disabel'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0210']);
    expect(r.diagnostics[0]!.suggestion).toBe('disable');
    expect(codesOf(workload('  selinux { typ container_t }'))).toEqual(['E0201@3:13']);
  });
});
