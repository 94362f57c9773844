/** Which statements let a syscall through the compiled filter, for the rules about single syscalls. */
import type { SeccompRule } from '../compiler/ir.js';
import type { LintContext, Region } from './context.js';

/** One way a syscall gets through: an allow (or log) rule, or the filter's default action (rule null). */
export interface Allowance {
  readonly rule: SeccompRule | null;
  readonly region: Region;
}

/** How `name` gets through the filter: one entry per rule (or the default); empty when it does not. */
export function allowances(ctx: LintContext, name: string): Allowance[] {
  const rules = ctx.allowing(name);
  if (rules.length > 0) {
    const seen = new Set<string>();
    return rules.flatMap((rule) => {
      const key = `${rule.origin.file}:${rule.origin.line}:${rule.origin.column}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ rule, region: ctx.at(rule.origin) }];
    });
  }
  const named = ctx.ir.seccomp.rules.some((r) => r.names.includes(name));
  return ctx.defaultAllows && !named ? [{ rule: null, region: ctx.setting('syscalls.default') }] : [];
}

/** One finding per syscall of `names` and statement that allows it. */
export function allowedSyscallFindings(ctx: LintContext, names: readonly string[], message: (name: string, a: Allowance) => string): { message: string; subject: string; region: Region }[] {
  return names.flatMap((name) => allowances(ctx, name).map((a) => ({ message: message(name, a), subject: name, region: a.region })));
}

/** How a finding says where a syscall was let through. */
export const byWhat = (a: Allowance): string => (a.rule ? `\`${a.rule.origin.what}\`` : 'the default action');
