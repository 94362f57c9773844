/** The `--target` option of `build` and `verify`: a comma-separated, non-empty subset of the targets. */
import { suggest } from '../compiler/diagnostics/suggest.js';
import { Option } from 'commander';
import { KUBERNETES_KINDS, SECURITY_MODULES, type SecurityModule, type TargetName } from '../emitters/artifact.js';
import { DEFAULT_TARGETS, TARGETS } from '../emitters/index.js';
import { UsageError } from './usage-error.js';

/**
 * The targets named by `--target`, or the usage error they are. An empty list is an error, not "no
 * artifacts": `-t "$TARGETS"` with an unset variable must not turn a build or a check into a no-op.
 */
export function parseTargets(option: string): TargetName[] {
  const targets = option.split(',').map((t) => t.trim()).filter((t) => t !== '').flatMap((t) => (t === 'all' ? TARGETS : [t]));
  if (targets.length === 0) throw new UsageError('`--target` names no target', `name one or more of ${TARGETS.join(', ')}, separated by commas, or \`all\` (leave the option out for ${DEFAULT_TARGETS.join(', ')})`);
  for (const t of targets)
    if (!(TARGETS as string[]).includes(t)) {
      const guess = suggest(t, TARGETS);
      throw new UsageError(`unknown target \`${t}\``, guess ? `did you mean \`${guess}\`? targets are ${TARGETS.join(', ')} and \`all\`` : `targets are ${TARGETS.join(', ')} and \`all\``);
    }
  return [...new Set(targets)] as TargetName[];
}

/** `--kubernetes-kind`: the object that holds the pod in the Kubernetes target's `kubernetes/` folder. */
export const kubernetesKindOption = (): Option =>
  new Option('--kubernetes-kind <kind>', 'with -t kubernetes: the object that holds the pod').choices([...KUBERNETES_KINDS]).default('deployment');

/**
 * `--security-module`: the security modules the target hosts run, comma-separated (`apparmor`,
 * `selinux`), or `none`; the artifacts carry only those modules' settings. Default: both.
 */
export const SECURITY_MODULE_DEFAULT = SECURITY_MODULES.join(',');
export const securityModuleOption = (): Option =>
  new Option('--security-module <modules>', 'the security modules the hosts run: apparmor, selinux (comma-separated) or none; the artifacts carry only their settings').default(SECURITY_MODULE_DEFAULT);

/** The modules `--security-module` names, or the usage error it is. */
export function parseSecurityModules(option: string): SecurityModule[] {
  const words = option.split(',').map((w) => w.trim()).filter((w) => w !== '');
  if (words.length === 1 && words[0] === 'none') return [];
  if (words.length === 0) throw new UsageError('`--security-module` names no module', 'name apparmor, selinux or both (comma-separated), or none');
  for (const w of words)
    if (!(SECURITY_MODULES as readonly string[]).includes(w)) {
      const guess = suggest(w, [...SECURITY_MODULES, 'none']);
      throw new UsageError(`unknown security module \`${w}\``, `${guess ? `did you mean \`${guess}\`? ` : ''}modules are apparmor and selinux (comma-separated), or none`);
    }
  return SECURITY_MODULES.filter((m) => words.includes(m));
}

/** The `--target` option's help and default, the same for every command that has it. */
export const TARGET_HELP = `comma-separated subset of: ${TARGETS.join(', ')}, or \`all\` (default: ${DEFAULT_TARGETS.join(',')})`;
export const TARGET_DEFAULT = DEFAULT_TARGETS.join(',');
