/** The compiler host of the working tree: policy files and their bases, relative to a folder. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CompilerHost } from '../compiler/3-resolve/load.js';

/**
 * Reads files relative to `cwd`; a file that cannot be read is undefined (the compiler reports it).
 * Each file is read once per host: a batch whose policies extend one base reads the base once.
 */
export function fsHost(cwd: string): CompilerHost {
  const read = new Map<string, string | undefined>();
  return {
    readFile(fileName) {
      const full = resolve(cwd, fileName);
      if (read.has(full)) return read.get(full);
      let text: string | undefined;
      try {
        text = readFileSync(full, 'utf8');
      } catch {
        text = undefined;
      }
      read.set(full, text);
      return text;
    },
  };
}
