// How busy the rest of the machine was while something was measured. On a shared 2-core machine
// another process's build or test run can double a latency; a number measured under such load is
// still reported, but with this figure beside it so nobody mistakes it for a quiet-machine result.
//
// Other processes' CPU = all CPU time the machine spent - this process's CPU - the CPU of its
// children (the kernel's cutime/cstime, which count children once they have exited and been
// reaped). So a phase must end after the processes it started have exited. Expressed as average
// cores in use.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function machineBusyMs() {
  return os.cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
}

/** This process's CPU plus its reaped children's, in ms, from /proc/self/stat. */
function ownCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14-17.
  return fields.slice(11, 15).map(Number).reduce((a, b) => a + b, 0) * TICK_MS;
}

/** Starts a phase; the returned function ends it and gives other processes' average cores. */
export function startContention() {
  const t0 = performance.now();
  const busy0 = machineBusyMs();
  const own0 = ownCpuMs();
  return () => {
    const wall = performance.now() - t0;
    const others = Math.max(0, machineBusyMs() - busy0 - (ownCpuMs() - own0));
    return Math.round((others / wall) * 100) / 100;
  };
}

/**
 * Before a phase: if other processes are using half a core or more, wait (up to `maxMs`) for
 * them to finish, sampling once a second. Returns the load it finally started under. It never
 * refuses to run: a busy machine gives a slower, labelled result, not no result.
 */
export async function waitForQuiet(maxMs = 30_000, threshold = 0.5) {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const end = startContention();
    await new Promise((r) => setTimeout(r, 1000));
    const load = end();
    if (load < threshold || performance.now() >= deadline) return load;
  }
}
