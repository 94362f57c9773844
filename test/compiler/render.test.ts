import { describe, expect, it } from 'vitest';
import { renderText, toJson } from '../../src/compiler/diagnostics/render.js';
import { compileText } from '../support/harness.js';

const src = 'workload web {\n  image "nginx:1.27"\n  user root\n  capabilities {\n    add NET_BIND_SERVIC\n  }\n}\n';

describe('diagnostic rendering', () => {
  const d = compileText(src, {}, 'web.secpol').diagnostics.find((x) => x.code === 'E0301')!;

  it('shows file:line:col, code, the line and a caret under the exact token, and help', () => {
    expect(renderText(d, { color: false })).toBe(
      [
        'web.secpol:5:9: error[E0301]: unknown capability `NET_BIND_SERVIC`',
        '  |',
        '5 |     add NET_BIND_SERVIC',
        '  |         ^^^^^^^^^^^^^^^',
        'help: did you mean `NET_BIND_SERVICE`?',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    expect(renderText(d, { color: true })).toContain('\u001b[');
    expect(renderText(d, { color: false })).not.toContain('\u001b[');
  });

  it('gives editors a JSON form with 1-based positions', () => {
    expect(toJson(d)).toMatchObject({
      code: 'E0301',
      name: 'unknown-capability',
      severity: 'error',
      location: { file: 'web.secpol', line: 5, column: 9, endLine: 5, endColumn: 24 },
      suggestion: 'NET_BIND_SERVICE',
    });
  });
});
