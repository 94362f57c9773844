import { describe, expect, it } from 'vitest';
import { ByteArena } from '../../src/cli/byte-arena.js';

describe('ByteArena', () => {
  it('gives the UTF-8 bytes of each string, and earlier views stay intact as more are encoded', () => {
    const arena = new ByteArena();
    const texts = ['plain ascii\n', 'wide — ünïcödé → 🛡️\n', '', 'x'.repeat(3 << 20), 'after the large one'];
    const views = texts.map((t) => arena.encode(t));
    for (let i = 0; i < 5000; i++) arena.encode(`filler ${i} ${'y'.repeat(i % 700)}`);
    views.forEach((v, i) => {
      expect(v.equals(Buffer.from(texts[i]!, 'utf8'))).toBe(true);
      expect(v.toString('utf8')).toBe(texts[i]);
    });
  });
});
