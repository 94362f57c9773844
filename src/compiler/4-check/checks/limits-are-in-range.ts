/**
 * Limits the engines accept and that mean what they say. Docker refuses a memory limit under 6 MiB
 * (moby: "Minimum memory limit allowed is 6MB"); memory-swap is memory plus swap, so it cannot be
 * below memory; a reservation above the limit is never met; cpu-shares is 2–262144 in the kernel's
 * cpu.shares; a soft rlimit above its hard one is refused by setrlimit(2).
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** Docker's minimum memory limit, in bytes. */
export const MIN_MEMORY = 6 * 1024 * 1024;

const mib = (n: number): string => (n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)}MiB` : `${n}B`);

/** Limits are within what the engines accept and consistent with each other. */
export const limitsAreInRange: Check = {
  name: 'limits-are-in-range',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const l = w.limits;
    const mem = l.memory?.value;
    if (l.memory && mem != null && mem < MIN_MEMORY) out.push(diag('E0601', l.memory.span, { what: 'memory', why: `is ${mib(mem)}, below Docker's minimum of 6MiB` }, { help: 'write at least `memory 6MiB`' }));
    if (l.memorySwap && l.memorySwap.value != null) {
      if (mem === undefined || mem === null) out.push(diag('E0601', l.memorySwap.span, { what: 'memory-swap', why: 'needs a memory limit' }, { help: 'set `memory` too: memory-swap counts memory plus swap' }));
      else if (l.memorySwap.value < mem) out.push(diag('E0601', l.memorySwap.span, { what: 'memory-swap', why: `(${mib(l.memorySwap.value)}) is below memory (${mib(mem)})` }, { help: 'memory-swap counts memory plus swap: write it equal to memory for no swap' }));
    }
    if (l.memoryReservation && l.memoryReservation.value != null && mem != null && l.memoryReservation.value > mem)
      out.push(diag('E0601', l.memoryReservation.span, { what: 'memory-reservation', why: `(${mib(l.memoryReservation.value)}) is above the memory limit (${mib(mem)})` }));
    if (l.memoryReservation && l.memoryReservation.value != null && l.memoryReservation.value < MIN_MEMORY)
      out.push(diag('E0601', l.memoryReservation.span, { what: 'memory-reservation', why: 'is below 6MiB' }));
    if (l.cpus && l.cpus.value != null && (l.cpus.value < 10 || l.cpus.value > 1_024_000))
      out.push(diag('E0601', l.cpus.span, { what: 'cpus', why: 'must be between 0.01 and 1024' }));
    if (l.cpuShares && l.cpuShares.value != null && (l.cpuShares.value < 2 || l.cpuShares.value > 262144))
      out.push(diag('E0601', l.cpuShares.span, { what: 'cpu-shares', why: 'must be between 2 and 262144' }));
    if (l.pids && l.pids.value != null && l.pids.value < 1) out.push(diag('E0601', l.pids.span, { what: 'pids', why: 'must be at least 1' }, { help: 'write `pids unlimited` to remove the limit' }));
    for (const u of l.ulimits)
      if (u.soft > u.hard) out.push(diag('E0601', u.span, { what: `ulimit ${u.name.value}`, why: 'has a soft value above its hard value' }));
    for (const t of w.filesystem.tmpfs) if (t.size && t.size.value === 0) out.push(diag('E0601', t.size.span, { what: 'tmpfs size', why: 'must be more than 0' }));
    return out;
  },
};
