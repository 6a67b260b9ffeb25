#!/usr/bin/env node
// Memory of the cluster cache while it watches live objects served by the API test server (which
// runs in a child process, so only our side is counted). The measuring function lives with the
// tests (test/support/cluster-memory.ts, compiled to out/ by `npm run build`); this file makes it
// callable from the benchmark and from the command line:
//
//   import { measureClusterMemory } from './cluster-memory.mjs';
//   const figure = await measureClusterMemory(repoRoot, { objects: 10_000 });
//
//   node bench/cluster-memory.mjs [objects]     (after npm run build)
//
// The figure: objects, syncMs, cacheBytes, bytesPerObject, withIndexBytes (cache + the resource
// index over it), afterChurnBytes (every object modified once through the watch),
// afterRelistBytes (after a 410-forced relist), churnCatchUpMs, rssBytes.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function measureClusterMemory(repoRoot = path.resolve(here, '..'), options = {}) {
  const compiled = path.join(repoRoot, 'out', 'test', 'support', 'cluster-memory.js');
  if (!existsSync(compiled)) return { status: 'not measured', reason: `${path.relative(repoRoot, compiled)} is missing; run npm run build first` };
  const { measureClusterMemory: measure } = createRequire(import.meta.url)(compiled);
  return measure(options);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const objects = Number(process.argv[2] ?? 10_000);
  const figure = await measureClusterMemory(undefined, { objects });
  const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  if (figure.status) {
    console.error(figure.reason);
    process.exit(2);
  }
  console.log(`${figure.objects} live VirtualServices: synced in ${Math.round(figure.syncMs)} ms; cache ${mb(figure.cacheBytes)} (${Math.round(figure.bytesPerObject)} B/object), ` +
    `with the resource index ${mb(figure.withIndexBytes)}, after churn ${mb(figure.afterChurnBytes)}, after a 410 relist ${mb(figure.afterRelistBytes)}; RSS ${mb(figure.rssBytes)}`);
}
