/**
 * `secpol init NAME --image IMAGE [-o FILE]`: writes a commented starting policy, deny by default,
 * that compiles as it stands and is in `secpol fmt`'s layout. A name or image the language refuses
 * gets the compiler's diagnostics and nothing is written; an existing file is not overwritten
 * (without `--force`). Exit codes: 0 written, 1 the policy would not compile, 2 usage errors.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { compile } from '../compiler/compile.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { formatPolicy } from '../format/format.js';
import { stderrColor } from './color.js';
import { usageExit, type ExitWith } from './exit.js';
import type { Io } from './io.js';
import { printDiagnostics } from './print-diagnostics.js';
import { writeAllOrNothing } from './write-atomic.js';

/** The starting policy of a workload, each line saying what it decides and how to widen it. */
export function starterPolicy(name: string, image: string): string {
  const quoted = JSON.stringify(image);
  return `# ${name}.secpol: the security policy of the workload "${name}", compiled by \`secpol build\`.
# Everything is denied unless a line here allows it. Run the workload under it, then widen only what
# it needs: \`secpol check\` reports mistakes, \`secpol lint\` reviews, \`secpol explain\` traces a grant.
workload ${name} {
  image ${quoted}
  # command "program" "argument"  # the image's own command when left out
  user 10001:10001  # a numeric user that is not root: the image's files must be readable by it

  network {
    mode none  # no network; to serve: mode bridge, publish 127.0.0.1:8080 -> 80/tcp, protocols tcp
  }

  filesystem {
    root readonly
    tmpfs /tmp size 64MiB  # scratch space; add a tmpfs, volume or write rule for each path it writes
  }

  capabilities {
    # add NET_BIND_SERVICE  # every capability is dropped: add only those the workload needs
  }

  syscalls {
    # The groups a typical program needs (\`secpol explain --groups\` lists them all).
    allow @file-io, @file-meta, @process, @memory, @signals, @timers, @sync, @events, @identity,
        @system-info
  }

  limits {
    memory 256MiB
    cpus 1
    pids 256
  }
}
`;
}

/** Registers `init` on the program. */
export function registerInitCommand(program: Command, io: Io, exit: ExitWith): void {
  program
    .command('init')
    .description('write a commented starting policy for a workload (deny by default)')
    .argument('<name>', 'the workload name, e.g. web')
    .requiredOption('--image <image>', 'the image the workload runs, e.g. nginx:1.27')
    .option('-o, --output <file>', 'where to write it (default: NAME.secpol)')
    .option('--force', 'overwrite the file if it exists')
    .action((name: string, opts: { image: string; output?: string; force?: boolean }) => {
      const file = opts.output ?? `${name}.secpol`;
      const text = starterPolicy(name, opts.image);
      const compiled = compile(file, text, { readFile: () => undefined });
      if (hasErrors(compiled.diagnostics)) {
        printDiagnostics(compiled.diagnostics, io, stderrColor(io), 'nothing was written');
        exit(1);
      }
      const canonical = formatPolicy(file, text);
      if (!canonical.ok || canonical.text !== text) throw new Error('the starting policy is not in the canonical layout');
      const path = resolve(io.cwd, file);
      if (existsSync(path) && !opts.force) usageExit(io, exit, `\`${file}\` exists`, 'choose another name with `-o FILE`, or overwrite it with `--force`');
      try {
        writeAllOrNothing([{ path, content: Buffer.from(text, 'utf8') }]);
      } catch (e) {
        usageExit(io, exit, `cannot write \`${file}\`: ${e instanceof Error ? e.message : String(e)}`);
      }
      io.stdout.write(`wrote ${file}\nnext: secpol check ${file}, then secpol build ${file}\n`);
    });
}
