import { describe, expect, it } from 'vitest';
import { secpolLexer } from '../../grammar/tokens.js';

const kinds = (src: string) => secpolLexer().tokenize(src).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lexer', () => {
  it('reads paths, globs, sizes, ports and addresses as single words', () => {
    expect(kinds('read /etc/nginx/**, /proc/*/mem')).toEqual(['Word:read', 'Word:/etc/nginx/**', 'Comma:,', 'Word:/proc/*/mem']);
    expect(kinds('tmpfs /tmp size 64MiB')).toEqual(['Word:tmpfs', 'Word:/tmp', 'Word:size', 'Word:64MiB']);
    expect(kinds('publish 127.0.0.1:8080 -> 80/tcp')).toEqual(['Word:publish', 'Word:127.0.0.1:8080', 'Arrow:->', 'Word:80/tcp']);
  });

  it('splits an arrow out of a dashed word even without spaces', () => {
    expect(kinds('volume web-logs->/var/log')).toEqual(['Word:volume', 'Word:web-logs', 'Arrow:->', 'Word:/var/log']);
  });

  it('keeps dashes inside words and at the start of group names', () => {
    expect(kinds('allow @network-server')).toEqual(['Word:allow', 'Word:@network-server']);
    expect(kinds('memory-reservation 256MiB')).toEqual(['Word:memory-reservation', 'Word:256MiB']);
  });

  it('reads two-character operators before one-character ones', () => {
    expect(kinds('arg0 <= 3 == != >= < > & =')).toEqual(['Word:arg0', 'Operator:<=', 'Word:3', 'Operator:==', 'Operator:!=', 'Operator:>=', 'Operator:<', 'Operator:>', 'Operator:&', 'Equals:=']);
  });

  it('drops comments and spaces but keeps newlines', () => {
    expect(kinds('image "a" # a comment\n  user 1:1')).toEqual(['Word:image', 'StringLiteral:"a"', 'Newline:\n', 'Word:user', 'Word:1:1']);
  });

  it('reads strings with escapes, and an unterminated string as its own token', () => {
    expect(kinds('"a \\"b\\" c"')).toEqual(['StringLiteral:"a \\"b\\" c"']);
    expect(kinds('"abc\nx')).toEqual(['UnterminatedString:"abc', 'Newline:\n', 'Word:x']);
  });

  it('reports a character no token can start, with its offset', () => {
    const r = secpolLexer().tokenize('image $HOME');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.offset).toBe(6);
  });
});
