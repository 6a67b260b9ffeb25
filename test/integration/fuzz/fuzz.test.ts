/**
 * Seeded property-based fuzzing of the real language server over LSP (see test/fuzz/harness.ts for
 * the invariants). Part of `npm test`: 2,000 random edit sequences on realistic manifests, then the
 * fixed hostile inputs, then the memory check. Long runs: test/fuzz/run.ts (`npm run fuzz`).
 *
 * FUZZ_CASES and FUZZ_SEED override the number of cases and the seed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { FuzzHarness } from '../../fuzz/harness';
import { fuzzCase } from '../../fuzz/generators';
import { GIANTS, withinBudget } from '../../fuzz/giants';
import { longDocument } from '../../fuzz/hostile';
import type { Edit } from '../../fuzz/generators';

const CASES = Number(process.env['FUZZ_CASES'] ?? 2000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20260601);
const MEMORY_SLACK = 50 * 1024 * 1024;
const ms = (times: readonly number[]) => times.map((t) => t.toFixed(0)).join(', ');

let harness: FuzzHarness;
before(async () => {
  harness = new FuzzHarness({ budgetMs: 1000 });
  await harness.start();
});
after(async () => { await harness.stop(); });

test(`fuzz: ${CASES} seeded edit sequences keep every invariant`, { timeout: 15 * 60_000 }, async () => {
  await fc.assert(fc.asyncProperty(fuzzCase, async (c) => { await harness.runCase(c); }), { numRuns: CASES, seed: SEED });
  assert.equal(harness.stats.crashes, 0);
  assert.deepEqual(harness.stats.stderrNoise, [], 'the server wrote to stderr');
  const slowest = harness.stats.slowest;
  assert.ok(slowest.ms <= 1000, `slowest answer ${slowest.ms.toFixed(0)} ms (${slowest.what})`);
});

for (const giant of GIANTS) {
  const budget = giant.budgetMs ?? 1000;
  const budgets = giant.openBudgetMs ? `open ${giant.openBudgetMs} ms, edits ${budget} ms` : `${budget} ms`;
  test(`fuzz: ${giant.name} is answered correctly within ${budgets}`, { timeout: 5 * 60_000 }, async () => {
    const label = `giant-${giant.name.replace(/[^a-z0-9]+/gi, '-')}`;
    let result = await harness.openAndEdit(label, giant.text(), giant.edits);
    // As for the random cases: only an input that is slow twice counts as slow.
    if (!withinBudget(giant, result.times, result.requestTimes, 1000)) result = await harness.openAndEdit(`${label}-again`, giant.text(), giant.edits);
    assert.equal(giant.expect(result.diagnostics), null);
    assert.ok(withinBudget(giant, result.times, result.requestTimes, 1000),
      `diagnostics (open, then edits) took ${ms(result.times)} ms; requests behind them ${ms(result.requestTimes)} ms`);
  });
}

test('fuzz: while a 100,000-line document is analysed, requests are cleanly cancelled within 1 s, and answered after', async () => {
  const cancelledBefore = harness.stats.cancelledRequests;
  const result = await harness.openAndEdit('long-analysis', longDocument(100_000), [{ op: 'insert', at: 500_000, text: 'x' }]);
  assert.ok(result.requestTimes.every((t) => t <= 1000), `requests took ${ms(result.requestTimes)} ms`);
  // Opening it takes over a second, so the request sent right behind the open meets a busy thread.
  if (result.times[0]! > 1000) assert.ok(harness.stats.cancelledRequests > cancelledBefore, 'no request was cancelled');
  // Once the analysis is done, the same request gets a real answer (no error).
  const answered = await harness.openAndEdit('long-analysis-quiet', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quiet\n');
  assert.ok(answered.requestTimes.every((t) => t <= 1000));
});

test('fuzz: keystrokes in the middle of a 100,000-line document get their diagnostics within 1 s (only the edited entry is parsed again)', async () => {
  const text = longDocument(100_000);
  // Edit positions are fractions of the text in millionths: aim at the middle of a value, so that
  // each keystroke lands inside one whatever the rounding.
  const inValue = (n: number): number => Math.ceil(((text.indexOf(`value-${n}\n`) + 4) / text.length) * 1_000_000);
  const keystrokes: Edit[] = [
    { op: 'insert', at: inValue(50_000), text: 'x' }, { op: 'delete', at: inValue(70_000), length: 1 }, { op: 'insert', at: inValue(90_000), text: 'yz' },
  ];
  let result = await harness.openAndEdit('long-keystrokes', text, keystrokes);
  if (result.times.slice(1).some((t) => t > 1000)) result = await harness.openAndEdit('long-keystrokes-again', text, keystrokes);
  assert.deepEqual(result.diagnostics, []);
  assert.ok(result.times.slice(1).every((t) => t <= 1000), `keystrokes answered in ${ms(result.times.slice(1))} ms`);
});

test('fuzz: after everything is closed the live heap is back within 50 MB of the warmed-up baseline', async () => {
  const memory = await harness.memory();
  assert.ok(memory.baselineHeap !== null && memory.heap !== null, 'the inspector did not answer');
  assert.ok(memory.heap <= memory.baselineHeap + MEMORY_SLACK,
    `live heap ${(memory.heap / 1048576).toFixed(0)} MB after closing everything, baseline ${(memory.baselineHeap / 1048576).toFixed(0)} MB`);
});
