#!/usr/bin/env node
// `npm run bench:learn` (as root, with the engines and the servers image of scripts/setup-engines.sh):
// how tight `secpol learn` makes a policy, for real servers. For each server of the servers image,
// the end-to-end fixture is given the syscall groups a policy author would write from the
// documentation (the examples' groups), then learned with the strace recorder from the same exercise
// and health check as test/e2e/learn-servers.test.ts, and the table says, on x86_64: the distinct
// calls observed (without and with the runtime baseline), what the policy allowed with the groups and
// after learning, and what Docker's default profile allows. Figures only: nothing passes or fails.
//
//   node scripts/learn-bench.mjs            the table (markdown)
//   node scripts/learn-bench.mjs --json     the figures as JSON
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'secpol.js');
const asJson = process.argv.includes('--json');
for (const a of process.argv.slice(2))
  if (a !== '--json') {
    console.error(`learn-bench: unknown option ${a}\nusage: node scripts/learn-bench.mjs [--json]`);
    process.exit(2);
  }

// The groups of examples/web.secpol and examples/postgres.secpol: what the documentation leads to.
const GROUPS = '@file-io, @file-meta, @network-server, @process, @memory, @signals, @timers, @sync, @events, @identity, @system-info';

const NGINX_HEALTH = `perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new("127.0.0.1:80") or exit 1; print $s "GET /secpol.txt HTTP/1.0\\r\\n\\r\\n"; while (<$s>) { $ok = 1 if /secpol-nginx-ok/ } exit !$ok'`;

const SERVERS = [
  {
    name: 'redis-server',
    fixture: 'test/e2e/fixtures/servers/redis.secpol',
    groups: GROUPS,
    args: ['--exercise', 'redis-cli -p 6379 set k 1', '--exercise', 'redis-cli -p 6379 incr k', '--exercise', 'redis-cli -p 6379 get k', '--exercise', 'redis-benchmark -q -n 200 -t set,get', '--exec', 'redis-cli ping'],
  },
  {
    name: 'nginx-light',
    fixture: 'test/e2e/fixtures/servers/nginx.secpol',
    groups: `${GROUPS}, @set-identity`,
    args: ['--exercise', 'curl -fsS http://127.0.0.1/secpol.txt', '--exercise', 'curl -fsS -o /dev/null http://127.0.0.1/', '--exercise', 'curl -sS -o /dev/null http://127.0.0.1/missing', '--exec', NGINX_HEALTH],
  },
];

/** The fixture with its syscalls section replaced (or added) by `allow GROUPS`. */
function withGroups(text, groups) {
  const section = `  syscalls {\n    allow ${groups}\n  }\n`;
  if (/\n {2}syscalls \{\n[\s\S]*?\n {2}\}\n/.test(text)) return text.replace(/\n {2}syscalls \{\n[\s\S]*?\n {2}\}\n/, `\n${section}`);
  return text.replace(/\n}\s*$/, `\n\n${section}}\n`);
}

const rows = [];
for (const server of SERVERS) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'secpol-learn-bench-'));
  try {
    const file = path.join(dir, path.basename(server.fixture));
    writeFileSync(file, withGroups(readFileSync(path.join(root, server.fixture), 'utf8'), server.groups));
    const started = Date.now();
    const r = spawnSync(process.execPath, [bin, 'learn', file, '--format', 'json', ...server.args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      console.error(`learn-bench: secpol learn ${server.fixture} exited ${r.status}:\n${r.stderr}`);
      process.exit(1);
    }
    const result = JSON.parse(r.stdout);
    const x86 = result.counts.find((c) => c.arch === 'x86_64');
    rows.push({
      server: server.name,
      observed: result.observed.length,
      observedWithBaseline: result.observedAll.length,
      groupsAllowed: x86.before,
      learnedAllowed: x86.after,
      baseline: x86.baseline,
      dockerDefault: x86.dockerDefault,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (asJson) console.log(JSON.stringify(rows, null, 2));
else {
  console.log('| server | calls observed (+ baseline) | allowed with the groups | allowed after learn | of them the runtime baseline | Docker\'s default | learn took s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.server} | ${r.observed} (${r.observedWithBaseline}) | ${r.groupsAllowed} | ${r.learnedAllowed} | ${r.baseline} | ${r.dockerDefault} | ${r.seconds} |`);
}
