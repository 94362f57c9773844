// Preloaded by scripts/bench.mjs (`node --import`) in one extra run per case: writes the process's
// peak resident memory (KiB, getrusage's maxRSS) to the file named by SECPOL_BENCH_MAX_RSS at exit.
import { writeFileSync } from 'node:fs';

const file = process.env.SECPOL_BENCH_MAX_RSS;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
