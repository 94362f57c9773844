import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot } from './repo.js';

/**
 * vitest globalSetup that totals the end-to-end probes per engine route and prints them when the
 * run ends, so a green run that quietly exercised nothing on an engine is visible. Test files count
 * with `countProbe(route)` from ./engines.ts; each count is one line appended to a per-run file in
 * .engines/probes/, which this setup creates, hands to the workers with `provide`, sums and removes.
 */

/** The `provide`/`inject` key under which workers find the per-run log file. */
export const PROBE_LOG_KEY = 'secpolProbeLog';

declare module 'vitest' {
  export interface ProvidedContext {
    [PROBE_LOG_KEY]: string;
  }
}

/** Routes always listed in the summary, so a route with no probe shows as 0. */
export const KNOWN_ROUTES = ['docker', 'compose', 'runc', 'podman', 'apparmor_parser', 'apparmor-vm'] as const;

/** Sums a probe log (`ROUTE COUNT` lines) into per-route totals, known routes first. Pure. */
export function sumProbeLog(text: string): Map<string, number> {
  const totals = new Map<string, number>(KNOWN_ROUTES.map((route) => [route, 0]));
  for (const line of text.split('\n')) {
    const [route, count] = line.trim().split(/\s+/);
    if (!route || count === undefined || !/^\d+$/.test(count)) continue;
    totals.set(route, (totals.get(route) ?? 0) + Number(count));
  }
  return totals;
}

/** The summary line printed at the end of the run. Pure. */
export function formatProbeSummary(totals: ReadonlyMap<string, number>): string {
  const parts = [...totals].map(([route, count]) => (count === 0 ? `${route} 0 (not exercised)` : `${route} ${count}`));
  return `secpol: end-to-end probes this run: ${parts.join(', ')}`;
}

/** globalSetup entry point: creates the run's log, then prints and removes it on teardown. */
export default function setup(project: TestProject): () => void {
  const dir = path.join(repoRoot, '.engines', 'probes');
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, `run-${process.pid}-${Date.now()}.log`);
  writeFileSync(log, '');
  project.provide(PROBE_LOG_KEY, log);
  return () => {
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      // Someone removed .engines/ during the run; report zeros rather than hide the summary.
    }
    const totals = sumProbeLog(text);
    console.log(formatProbeSummary(totals));
    // For scripts/test.sh, which fails a full CI run in which a route was not exercised.
    writeFileSync(path.join(dir, 'totals.json'), JSON.stringify(Object.fromEntries(totals)) + '\n');
    rmSync(log, { force: true });
  };
}
