/**
 * What the language ships, readable from the installed tool (`src/` is not shipped): the syscall
 * groups (`secpol explain --group NAME`, `--groups`) and the presets (`--preset NAME`), as text and
 * as data for `--format json`. Pure: the CLI prints.
 */
import { PRESETS } from '../compiler/data/presets.js';
import { SYSCALL_GROUPS, SYSCALL_GROUPS_VERSION, syscallGroup } from '../compiler/data/syscall-groups.js';

/** An answer: its text, and the same as data. */
export interface CatalogAnswer {
  readonly text: string;
  readonly data: Record<string, unknown>;
}

/** Words wrapped at `width` columns after `indent`, for long name lists. */
function wrap(words: readonly string[], indent: string, width = 100): string {
  const lines: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length + w.length + 2 > width && line.trim() !== '') {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${w}, `;
  }
  if (line.trim() !== '') lines.push(line.replace(/, $/, ''));
  return lines.join('\n');
}

/** Every syscall group with its description. */
export function listGroups(): CatalogAnswer {
  const width = Math.max(...SYSCALL_GROUPS.map((g) => g.name.length)) + 1;
  const text = [
    `${SYSCALL_GROUPS.length} syscall groups (written \`allow @NAME\`; \`secpol explain --group NAME\` lists one's syscalls):`,
    ...SYSCALL_GROUPS.map((g) => `  @${g.name.padEnd(width)} ${String(g.syscalls.length).padStart(3)}  ${g.description}`),
    '',
  ].join('\n');
  return { text, data: { groupsVersion: SYSCALL_GROUPS_VERSION, groups: SYSCALL_GROUPS.map((g) => ({ name: g.name, description: g.description, count: g.syscalls.length })) } };
}

/** One group's syscalls, or null when there is none of that name (`@` optional). */
export function describeGroup(name: string): CatalogAnswer | null {
  const g = syscallGroup(name.replace(/^@/, ''));
  if (!g) return null;
  const text = [
    `@${g.name}: ${g.description}.`,
    `${g.syscalls.length} syscalls (32-bit spellings included; on each target architecture the names it does not have are left out):`,
    wrap(g.syscalls, '  '),
    '',
  ].join('\n');
  return { text, data: { groupsVersion: SYSCALL_GROUPS_VERSION, name: g.name, description: g.description, syscalls: [...g.syscalls] } };
}

/** The names of the groups and presets, for "did you mean". */
export const GROUP_NAMES: readonly string[] = SYSCALL_GROUPS.map((g) => g.name);
export const PRESET_NAMES: readonly string[] = Object.keys(PRESETS).sort();

/** Every preset, or one preset's policy text (null when there is none of that name). */
export function describePreset(name: string | null): CatalogAnswer | null {
  if (name === null) {
    const text = [`${PRESET_NAMES.length} presets (written \`extends preset NAME\`; \`secpol explain --preset NAME\` shows one):`, ...PRESET_NAMES.map((p) => `  ${p}`), ''].join('\n');
    return { text, data: { presets: [...PRESET_NAMES] } };
  }
  const policy = PRESETS[name];
  if (policy === undefined) return null;
  return { text: `preset ${name} (\`extends preset ${name}\`): a policy that yours extends, as written:\n\n${policy}`, data: { name, policy } };
}
