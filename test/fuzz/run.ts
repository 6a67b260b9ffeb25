/**
 * Long fuzz runs against the real server: `npm run fuzz -- --cases N [--seed S]`.
 *
 * Options:
 *   --cases N       random cases to run (default 2000)
 *   --seed S        fast-check seed (default: random; printed so a run can be repeated)
 *   --budget MS     response budget in ms (default 1000)
 *   --no-giants     skip the fixed hostile inputs (50 MB file, 100,000-line document, ...)
 *   --memory-slack MB   allowed RSS growth over the warmed-up baseline once all is closed (default 50)
 *   --server-heap MB    cap the server's V8 heap (--max-old-space-size): a leak then ends in a crash
 *   --json FILE     also write the figures as JSON
 *
 * Prints cases run, response times (slowest first), crashes, memory, and the first counterexample
 * with its seed, path and shrunk input. Exit code 0 when every invariant held, 1 otherwise.
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { FuzzHarness } from './harness';
import { fuzzCase } from './generators';
import { GIANTS, withinBudget, type Giant } from './giants';

interface Args {
  cases: number;
  seed: number;
  budget: number;
  giants: boolean;
  memorySlackMb: number;
  serverHeapMb: number | null;
  json: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { cases: 2000, seed: Math.floor(Math.random() * 0x7fffffff), budget: 1000, giants: true, memorySlackMb: 50, serverHeapMb: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a whole number`);
      return v;
    };
    if (flag === '--cases') args.cases = int();
    else if (flag === '--seed') args.seed = int();
    else if (flag === '--budget') args.budget = int();
    else if (flag === '--memory-slack') args.memorySlackMb = int();
    else if (flag === '--no-giants') args.giants = false;
    else if (flag === '--server-heap') args.serverHeapMb = int();
    else if (flag === '--json') args.json = value();
    else throw new Error(`unknown option ${flag}`);
  }
  return args;
}

function budgetText(g: Giant, defaultMs: number): string {
  const budget = g.budgetMs ?? defaultMs;
  return g.openBudgetMs ? `open ${g.openBudgetMs} ms, edits ${budget} ms` : `${budget} ms`;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const harness = new FuzzHarness({
    budgetMs: args.budget,
    nodeArgs: args.serverHeapMb === null ? [] : [`--max-old-space-size=${args.serverHeapMb}`],
  });
  const started = performance.now();
  let failures = 0;
  // Never leave a server behind, whatever ends this process.
  process.on('exit', () => harness.kill());
  console.log(`fuzz: ${args.cases} cases, seed ${args.seed}, budget ${args.budget} ms`);
  await harness.start();

  const giants: { name: string; times: readonly number[]; requests: readonly number[]; budget: string; ok: boolean; note: string }[] = [];
  if (args.giants) {
    for (const g of GIANTS) {
      try {
        const label = `giant-${g.name.replace(/[^a-z0-9]+/gi, '-')}`;
        let r = await harness.openAndEdit(label, g.text(), g.edits);
        // Slow twice counts as slow, as for the random cases.
        if (!withinBudget(g, r.times, r.requestTimes, args.budget)) r = await harness.openAndEdit(`${label}-again`, g.text(), g.edits);
        const wrong = g.expect(r.diagnostics);
        const inTime = withinBudget(g, r.times, r.requestTimes, args.budget);
        const ok = wrong === null && inTime;
        if (!ok) failures++;
        giants.push({ name: g.name, times: r.times, requests: r.requestTimes, budget: budgetText(g, args.budget), ok, note: wrong ?? (inTime ? '' : 'over budget') });
      } catch (error) {
        failures++;
        giants.push({ name: g.name, times: [], requests: [], budget: budgetText(g, args.budget), ok: false, note: String(error instanceof Error ? error.message : error).slice(0, 2000) });
      }
    }
    console.log('\nfixed hostile inputs (diagnostics: open, then each edit; requests behind each, budget 1 s):');
    const list = (times: readonly number[]) => times.map((t) => t.toFixed(0)).join(' / ');
    for (const g of giants) {
      console.log(`  ${g.ok ? 'ok  ' : 'FAIL'} ${g.name.padEnd(44)} ${list(g.times).padStart(16)} ms (budget ${g.budget}); requests ${list(g.requests)} ms ${g.note}`);
    }
  }

  // Giants are measured on their own; the random cases get a clean slate.
  const randomTimesFrom = harness.stats.times.length;
  harness.stats.slowest = { ms: 0, what: 'nothing yet' };
  let lastReport = performance.now();
  const details = await fc.check(fc.asyncProperty(fuzzCase, async (c) => {
    await harness.runCase(c);
    if (performance.now() - lastReport > 30_000) {
      lastReport = performance.now();
      console.log(`  ... ${harness.stats.cases} cases, slowest ${harness.stats.slowest.ms.toFixed(0)} ms, rss ${mb(harness.rss())}, live heap ${mb(await harness.heap())}`);
    }
  }), { numRuns: args.cases, seed: args.seed, endOnFailure: false });

  const memory = await harness.memory();
  const times = harness.stats.times.slice(randomTimesFrom).sort((a, b) => a - b);
  const slack = args.memorySlackMb * 1024 * 1024;
  const memoryOk = memory.baselineHeap !== null && memory.heap !== null
    ? memory.heap <= memory.baselineHeap + slack
    : memory.baselineRss === null || memory.rss === null || memory.rss <= memory.baselineRss + slack;
  if (!memoryOk) failures++;
  if (details.failed) failures++;

  console.log(`\nrandom cases: ${details.numRuns} run (+${details.numShrinks} shrink runs), ${harness.stats.changes} changes, ${times.length} answers timed`);
  console.log(`  response times: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, slowest ${harness.stats.slowest.ms.toFixed(0)} ms (${harness.stats.slowest.what})`);
  console.log(`  slow once, fine on the re-run: ${harness.stats.slowThenFine}`);
  console.log(`  requests cleanly cancelled by the front (analysis thread busy at the deadline): ${harness.stats.cancelledRequests}`);
  console.log(`  crashes: ${harness.stats.crashes}`);
  console.log(`  other stderr output: ${harness.stats.stderrNoise.length === 0 ? 'none' : ''}`);
  for (const line of harness.stats.stderrNoise) console.log(`    ${line}`);
  console.log(`  memory (live heap after a forced GC): baseline ${mb(memory.baselineHeap)} (warmed up), after closing everything ${mb(memory.heap)}, allowed +${args.memorySlackMb} MB: ${memoryOk ? 'ok' : 'OVER'}`);
  console.log(`  memory (RSS): baseline ${mb(memory.baselineRss)}, after closing everything ${mb(memory.rss)}`);
  console.log(`  wall time: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (details.failed) {
    console.log(`\nCOUNTEREXAMPLE (seed ${details.seed}, path "${details.counterexamplePath}"):`);
    console.log(`  ${fc.stringify(details.counterexample?.[0])}`);
    console.log(`  ${String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance).slice(0, 6000)}`);
    console.log(`  repeat: npm run fuzz -- --cases ${args.cases} --seed ${details.seed}`);
  }
  if (args.json) {
    writeFileSync(args.json, JSON.stringify({
      seed: args.seed, cases: details.numRuns, changes: harness.stats.changes, crashes: harness.stats.crashes,
      slowest: harness.stats.slowest, p50: percentile(times, 50), p99: percentile(times, 99), slowThenFine: harness.stats.slowThenFine,
      cancelledRequests: harness.stats.cancelledRequests, memory, giants, stderrNoise: harness.stats.stderrNoise, failed: details.failed, counterexample: details.failed ? fc.stringify(details.counterexample?.[0]) : null,
    }, null, 2) + '\n');
  }
  await harness.stop();
  console.log(failures === 0 ? '\nfuzz: all invariants held' : `\nfuzz: ${failures} failure(s)`);
  return failures === 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exitCode = 2;
});
