/**
 * 10,000 live objects watched with bounded memory: the cache's heap for 10,000 VirtualServices
 * stays within a generous bound, and neither a full churn (every object modified through the
 * watch) nor a 410-forced relist makes it grow. The figures are reported as diagnostics; the same
 * function feeds the benchmark (bench/cluster-memory.mjs).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureClusterMemory } from '../../support/cluster-memory';

const MB = 1024 * 1024;

test('10,000 live objects: bounded memory through churn and relist', { timeout: 180_000 }, async (t) => {
  const f = await measureClusterMemory({ objects: 10_000 });
  t.diagnostic(`sync ${Math.round(f.syncMs)} ms; cache ${(f.cacheBytes / MB).toFixed(1)} MB (${Math.round(f.bytesPerObject)} B/object); with index ${(f.withIndexBytes / MB).toFixed(1)} MB; after churn ${(f.afterChurnBytes / MB).toFixed(1)} MB; after relist ${(f.afterRelistBytes / MB).toFixed(1)} MB`);
  assert.ok(f.cacheBytes < 60 * MB, `cache ${(f.cacheBytes / MB).toFixed(1)} MB`);
  assert.ok(f.withIndexBytes < 100 * MB, `with index ${(f.withIndexBytes / MB).toFixed(1)} MB`);
  // Bounded: what churn and relists leave is what a fresh sync holds, give or take 25 %.
  assert.ok(f.afterChurnBytes < f.withIndexBytes * 1.25, `after churn ${(f.afterChurnBytes / MB).toFixed(1)} MB`);
  assert.ok(f.afterRelistBytes < f.withIndexBytes * 1.25, `after relist ${(f.afterRelistBytes / MB).toFixed(1)} MB`);
  assert.ok(f.syncMs < 30_000);
});
