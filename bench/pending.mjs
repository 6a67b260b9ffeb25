// Measurements of parts that landed after the editor benchmark (and of parts that do not exist
// yet). Each is one function with the same contract as
// the others: it returns a result object, or `{ status: 'not measured yet', reason }`, and never
// fakes a number. When the part lands, replace the body of its function and nothing else.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { measureClusterMemory } from './cluster-memory.mjs';

const hasSources = (dir) => existsSync(dir) && readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.ts'));

/**
 * (g) Memory of the cluster cache and resource index while watching 10,000 live objects served by
 * the API test server (in a child process, so only our side counts); see cluster-memory.mjs.
 */
export async function measureWatchedObjectsMemory(repoRoot) {
  try {
    const figure = await measureClusterMemory(repoRoot, { objects: 10_000 });
    return figure.status ? { status: 'not measured yet', reason: figure.reason } : figure;
  } catch (error) {
    return { status: 'not measured yet', reason: `the measurement failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** (h) Rollback latency: from a failed gate (or a manual rollback) to traffic back on the stable version. */
export async function measureRollbackLatency(repoRoot) {
  const engine = path.join(repoRoot, 'server', 'src', 'rollout');
  const reason = hasSources(engine)
    ? 'the rollout engine (server/src/rollout) is not finished, and this function does not drive it yet'
    : 'the rollout engine (server/src/rollout) does not exist yet';
  return { status: 'not measured yet', reason };
}
