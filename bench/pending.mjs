// Measurements whose subject does not exist yet. Each is one function with the same contract as
// the others: it returns a result object, or `{ status: 'not measured yet', reason }`, and never
// fakes a number. When the part lands, replace the body of its function and nothing else.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const hasSources = (dir) => existsSync(dir) && readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.ts'));

/** (g) Server memory while watching 10,000 live objects served by the API test server. */
export async function measureWatchedObjectsMemory(repoRoot) {
  const apiServer = path.join(repoRoot, 'test', 'apiserver');
  const reason = hasSources(apiServer)
    ? 'the Kubernetes API test server (test/apiserver) is not finished, and this function does not drive it yet'
    : 'the Kubernetes API test server (test/apiserver) does not exist yet';
  return { status: 'not measured yet', reason };
}

/** (h) Rollback latency: from a failed gate (or a manual rollback) to traffic back on the stable version. */
export async function measureRollbackLatency(repoRoot) {
  const engine = path.join(repoRoot, 'server', 'src', 'rollout');
  const reason = hasSources(engine)
    ? 'the rollout engine (server/src/rollout) is not finished, and this function does not drive it yet'
    : 'the rollout engine (server/src/rollout) does not exist yet';
  return { status: 'not measured yet', reason };
}
