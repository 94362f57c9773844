// What a new user meets first: each common mistake gives one clear error at the right token.
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/compiler/diagnostics/render.js';
import { compileText } from '../support/harness.js';

const good = `workload web {
  image "nginx:1.27"
  user root
  capabilities {
    add NET_BIND_SERVICE
  }
  syscalls {
    allow @network-server, sendfile
  }
  limits {
    memory 512MiB
  }
}
`;

const one = (text: string, files: Record<string, string> = {}) => {
  const r = compileText(text, files, 'web.secpol');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, errors.map((e) => renderText(e, { color: false })).join('\n')).toHaveLength(1);
  expect(r.ir).toBeNull();
  const e = errors[0]!;
  const p = e.span!.file.position(e.span!.start);
  return { code: e.code, at: `${p.line}:${p.column}`, token: e.span!.file.text.slice(e.span!.start, e.span!.end), help: e.help, text: renderText(e, { color: false }) };
};

describe('a new user', () => {
  it('compiles the good policy', () => {
    expect(compileText(good).ir).not.toBeNull();
  });

  it('typos a capability', () => {
    expect(one(good.replace('NET_BIND_SERVICE', 'NET_BIND_SERVCE'))).toMatchObject({ code: 'E0301', at: '5:9', token: 'NET_BIND_SERVCE', help: 'did you mean `NET_BIND_SERVICE`?' });
  });

  it('misspells a syscall', () => {
    expect(one(good.replace('sendfile', 'sendfil'))).toMatchObject({ code: 'E0302', at: '8:28', token: 'sendfil', help: 'did you mean `sendfile`?' });
  });

  it('forgets a closing brace', () => {
    expect(one(good.replace('    add NET_BIND_SERVICE\n  }', '    add NET_BIND_SERVICE\n'))).toMatchObject({ code: 'E0104', at: '1:14' });
  });

  it('forgets an opening brace', () => {
    expect(one(good.replace('syscalls {', 'syscalls'))).toMatchObject({ code: 'E0105', at: '9:3' });
  });

  it('writes a size with a decimal unit', () => {
    const r = one(good.replace('512MiB', '512MB'));
    expect(r).toMatchObject({ code: 'E0208', at: '11:12', token: '512MB' });
    expect(r.help).toContain('`512MiB`');
  });

  it('extends a file that does not exist', () => {
    const r = one(`extends "./base.secpol"\n${good}`);
    expect(r).toMatchObject({ code: 'E0702', at: '1:9', token: '"./base.secpol"' });
    expect(r.text).toContain('web.secpol:1:9: error[E0702]');
  });

  it('writes a statement in the wrong block', () => {
    const r = one(good.replace('  user root\n', '  user root\n  publish 127.0.0.1:80 -> 80\n'));
    expect(r).toMatchObject({ code: 'E0201', at: '4:3' });
    expect(r.help).toBe('`publish` belongs in the `network { … }` block');
  });
});
